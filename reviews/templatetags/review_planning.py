"""For the review page: how many emails to the review's invitees could not be sent."""

from django import template

from reviews.models import ReviewEmail

register = template.Library()


@register.simple_tag
def failed_email_count(review):
    """How many of ``review``'s emails failed for good (one query). Only shown to the coordinator."""
    return ReviewEmail.objects.filter(invitee__review=review, status=ReviewEmail.Status.FAILED).count()
