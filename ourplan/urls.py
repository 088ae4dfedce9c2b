from django.urls import include, path

from accounts.views import home
from ourplan import views

urlpatterns = [
    path("", home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("ping", views.ping, name="ping"),
    path("dev/outbox/", views.dev_outbox, name="dev_outbox"),
    path("accounts/", include("accounts.urls")),
    path("", include("people.urls")),
    path("", include("profiles.urls")),
    path("", include("reviews.urls")),
    path("", include("plans.urls")),
    path("", include("plainwords.urls")),
    path("", include("caseload.urls")),
    path("", include("reminders.urls")),
    path("", include("privacy.urls")),
    path("area/", include("insights.urls")),
    path("toolkit/", include("toolkit.urls")),
]
