from django.urls import path

from reviews import urls_record, views, views_contribute, views_planning

app_name = "reviews"
urlpatterns = [
    path("people/<int:pk>/reviews/new/", views.add, name="add"),
    path("reviews/<int:pk>/", views.detail, name="detail"),
    path("reviews/<int:pk>/statements/", views.add_statement, name="add_statement"),
    path("reviews/<int:pk>/participants/", views.participants, name="participants"),
    # Planning a review: its details, who is invited, and the emails that go to them.
    path("reviews/<int:pk>/details/", views_planning.details, name="details"),
    path("reviews/<int:pk>/invitees/", views_planning.invitees, name="invitees"),
    path("review-invitees/<int:pk>/remove/", views_planning.remove_invitee, name="remove_invitee"),
    path("review-invitees/<int:pk>/resend/", views_planning.resend_invitation, name="resend_invitation"),
    # Before the meeting: each invitee's views on the six questions, the young person's own form,
    # and who has sent theirs.
    path("reviews/<int:pk>/my-views/", views_contribute.my_views, name="my_views"),
    path("reviews/<int:pk>/my-views/me/<str:question>/", views_contribute.me_views, name="me_views"),
    path("reviews/<int:pk>/views-so-far/", views_contribute.views_so_far, name="views_so_far"),
]
urlpatterns += urls_record.urlpatterns
