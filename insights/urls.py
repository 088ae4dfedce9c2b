from django.urls import path  # noqa: F401 (each part of insights adds its pages here)

app_name = "insights"
urlpatterns = []
