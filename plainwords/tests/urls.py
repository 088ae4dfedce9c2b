"""The project's URLs with plain words' own, until ourplan/urls.py includes them."""

from django.urls import include, path

from ourplan.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(pattern, "namespace", None) == "plainwords" for pattern in urlpatterns):
    urlpatterns.append(path("", include("plainwords.urls")))
