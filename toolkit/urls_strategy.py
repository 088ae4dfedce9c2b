"""After the voting: priorities, a year from now, actions, the strategy report and tracking."""

from django.urls import path

from toolkit import views_strategy as views

urlpatterns = [
    path("<int:pk>/priorities/", views.priorities, name="priorities"),
    path("priorities/<int:pk>/", views.priority, name="priority"),
    path("priorities/<int:pk>/actions/add/", views.add_action, name="add_action"),
    path("actions/", views.actions, name="actions"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/change/", views.change_action, name="change_action"),
    path("actions/<int:pk>/progress/", views.action_progress, name="action_progress"),
    path("<int:pk>/strategy/", views.strategy_report, name="strategy"),
    path("<int:pk>/strategy.pdf", views.strategy_pdf, name="strategy_pdf"),
    path("<int:pk>/strategy.docx", views.strategy_docx, name="strategy_docx"),
    path("in/<str:code>/strategy/", views.room_strategy, name="room_strategy"),
]
