"""The record of a review: signing it off, reading it (web page, PDF, Word), and its amendments."""

urlpatterns = []
