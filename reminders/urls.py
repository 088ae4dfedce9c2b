"""Reminder emails, each user's reminder settings, and their calendar feed."""

from django.urls import path

from reminders import views

app_name = "reminders"
urlpatterns = [
    path("reminders/", views.reminder_settings, name="settings"),
    path("reminders/calendar/reset/", views.reset_feed, name="reset_feed"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
