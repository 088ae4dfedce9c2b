"""Setting up an area review, joining it from a phone, the room, and the area's own toolkit words."""

from django.urls import path

from toolkit import views_content, views_join, views_setup

urlpatterns = [
    path("", views_setup.review_list, name="list"),
    path("new/", views_setup.new, name="new"),
    path("<int:pk>/", views_setup.overview, name="overview"),
    path("<int:pk>/change/", views_setup.change, name="change"),
    path("<int:pk>/stage/", views_setup.stage, name="stage"),
    path("<int:pk>/groups/add/", views_setup.add_work_group, name="add_work_group"),
    path("groups/<int:pk>/", views_setup.change_work_group_view, name="change_work_group"),
    path("groups/<int:pk>/remove/", views_setup.remove_work_group, name="remove_work_group"),
    path("<int:pk>/participants/add/", views_setup.add_participant, name="add_participant"),
    path("participants/<int:pk>/", views_setup.change_participant_view, name="change_participant"),
    path("participants/<int:pk>/remove/", views_setup.remove_participant, name="remove_participant"),
    path("content/", views_content.content, name="content"),
    path("steps/<int:pk>/", views_content.change_step, name="change_step"),
    path("steps/<int:pk>/prompts/add/", views_content.add_prompt, name="add_prompt"),
    path("prompts/<int:pk>/", views_content.change_prompt, name="change_prompt"),
    path("prompts/<int:pk>/remove/", views_content.remove_prompt, name="remove_prompt"),
    path("content/people-groups/add/", views_content.add_people_group, name="add_people_group"),
    path("people-groups/<int:pk>/", views_content.change_people_group, name="change_people_group"),
    path("join/", views_join.join, name="join"),
    path("join/<str:code>/", views_join.join_with_code, name="join_with_code"),
    path("in/<str:code>/", views_join.room, name="room"),
    path("in/<str:code>/group/", views_join.choose_group, name="choose_group"),
]
