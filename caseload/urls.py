"""A coordinator's caseload: every person they coordinate and what needs doing."""

urlpatterns = []
