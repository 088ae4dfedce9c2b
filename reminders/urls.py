"""Reminder emails, each user's reminder settings, and their calendar feed."""

urlpatterns = []
