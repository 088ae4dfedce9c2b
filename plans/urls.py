from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("reviews/<int:pk>/plan/", views.plan, name="plan"),
    path("reviews/<int:pk>/plan/outcomes/", views.add_outcome, name="add_outcome"),
    path("reviews/<int:pk>/plan/actions/", views.add_action, name="add_action"),
    path("reviews/<int:pk>/plan/agree/", views.agree, name="agree"),
    path("reviews/<int:pk>/earlier-outcomes/", views.earlier_outcomes, name="earlier_outcomes"),
    path("reviews/<int:pk>/carry-forward/", views.carry_forward, name="carry_forward"),
    path("outcomes/<int:pk>/", views.outcome, name="outcome"),
    path("actions/<int:pk>/done/", views.mark_done, name="mark_done"),
    path("actions/<int:pk>/progress/", views.progress, name="progress"),
    path("my-actions/", views.my_actions, name="my_actions"),
]
