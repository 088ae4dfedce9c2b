from django.urls import path

from privacy import views

app_name = "privacy"
urlpatterns = [
    path("people/<int:pk>/everything-we-hold/", views.subject_access, name="subject_access"),
]
