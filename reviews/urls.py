from django.urls import path

from reviews import views

app_name = "reviews"
urlpatterns = [
    path("people/<int:pk>/reviews/new/", views.add, name="add"),
    path("reviews/<int:pk>/", views.detail, name="detail"),
    path("reviews/<int:pk>/statements/", views.add_statement, name="add_statement"),
    path("reviews/<int:pk>/participants/", views.participants, name="participants"),
]
