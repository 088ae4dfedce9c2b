from django.urls import path

from insights import views_commissioning

app_name = "insights"
urlpatterns = [
    path("you-said-we-did/", views_commissioning.you_said_we_did, name="you_said_we_did"),
    path("you-said-we-did/add/", views_commissioning.add_action, name="add_commissioning_action"),
    path("you-said-we-did/<int:pk>/", views_commissioning.change_action, name="change_commissioning_action"),
]
