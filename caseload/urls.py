"""A coordinator's caseload: every person they coordinate and what needs doing."""

from django.urls import path

from caseload import views

app_name = "caseload"
urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
]
