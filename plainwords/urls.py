from django.urls import path

from plainwords import views

app_name = "plainwords"
urlpatterns = [
    path("people/<int:pk>/plain-words/", views.check, name="check"),
    path("plain-words/", views.terms, name="terms"),
    path("plain-words/add/", views.add_term, name="add_term"),
    path("plain-words/<int:pk>/remove/", views.remove_term, name="remove_term"),
]
