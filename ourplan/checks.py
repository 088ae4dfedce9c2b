"""OurPlan's own checks, run by ``manage.py check`` (registered by accounts.apps).

Django's deploy checks warn only when HSTS is missing; OurPlan holds children's records, so it
promises (and OWASP ASVS V14.4.5 asks for) browsers keeping to https for at least a year.
"""

from django.conf import settings
from django.core.checks import Tags, register
from django.core.checks import Warning as CheckWarning

ONE_YEAR = 365 * 24 * 60 * 60


@register(Tags.security, deploy=True)
def hsts_for_at_least_a_year(app_configs=None, **kwargs):
    """``check --deploy``: a warning when SECURE_HSTS_SECONDS is under a year (31536000)."""
    seconds = getattr(settings, "SECURE_HSTS_SECONDS", 0) or 0
    if seconds >= ONE_YEAR:
        return []
    return [
        CheckWarning(
            f"SECURE_HSTS_SECONDS is {seconds}: browsers are told to keep to https for less than a year.",
            hint=f"Set SECURE_HSTS_SECONDS to at least {ONE_YEAR} (one year) once https works everywhere.",
            id="ourplan.W001",
        )
    ]
