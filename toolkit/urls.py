"""The area review toolkit's pages. The facilitator's pages (signed in) are under ``toolkit/``;
participants' pages (no account) under ``toolkit/join/`` and ``toolkit/in/<code>/``."""

from django.urls import include, path

app_name = "toolkit"
urlpatterns = [
    path("", include("toolkit.urls_setup")),
    path("", include("toolkit.urls_day_one")),
    path("", include("toolkit.urls_day_two")),
    path("", include("toolkit.urls_strategy")),
]
