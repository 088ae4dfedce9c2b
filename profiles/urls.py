from django.urls import path

from profiles import views

app_name = "profiles"
urlpatterns = [
    path("people/<int:pk>/profile/", views.edit, name="edit"),
]
