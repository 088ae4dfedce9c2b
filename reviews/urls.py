from django.urls import path

from reviews import urls_record, views, views_board, views_contribute, views_planning

app_name = "reviews"
urlpatterns = [
    path("people/<int:pk>/reviews/new/", views.add, name="add"),
    path("reviews/<int:pk>/", views.detail, name="detail"),
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
    # The meeting: the board of the six questions, live on every screen, who took part, and the
    # outcomes and actions agreed.
    path("reviews/<int:pk>/board/", views_board.board_page, name="board"),
    path("reviews/<int:pk>/board/updates/", views_board.updates, name="board_updates"),
    path("reviews/<int:pk>/board/statements/", views_board.add, name="board_add"),
    path("review-statements/<int:pk>/change/", views_board.change, name="board_change"),
    path("review-statements/<int:pk>/merge/", views_board.merge, name="board_merge"),
    path("reviews/<int:pk>/who-took-part/", views_board.attendance, name="attendance"),
    path("reviews/<int:pk>/board/outcomes/", views_board.add_outcome, name="board_add_outcome"),
    path("reviews/<int:pk>/board/actions/", views_board.add_action, name="board_add_action"),
]
urlpatterns += urls_record.urlpatterns
