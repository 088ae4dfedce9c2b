from django.conf import settings


def site(request):
    """What every page's layout needs to know."""
    return {"dev_mode": settings.DEV}
