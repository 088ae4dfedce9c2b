"""Day 2 (the five tables) and dot voting."""

from django.urls import path

from toolkit import views_day_two, views_voting

urlpatterns = [
    path("<int:pk>/day-2/", views_day_two.tables, name="tables"),
    path("<int:pk>/day-2/timer/", views_day_two.timer, name="timer"),
    path("groups/<int:pk>/day-2/", views_day_two.type_at_table, name="type_at_table"),
    path("in/<str:code>/day-2/", views_day_two.my_table, name="my_table"),
    path("ideas/<int:pk>/", views_day_two.change_idea, name="change_idea"),
    path("ideas/<int:pk>/remove/", views_day_two.remove_idea, name="remove_idea"),
    path("<int:pk>/voting/", views_voting.voting, name="voting"),
    path("participants/<int:pk>/vote/", views_voting.vote_for, name="vote_for"),
    path("in/<str:code>/vote/", views_voting.vote, name="vote"),
]
