from django.urls import path

from plans import views

app_name = "plans"
urlpatterns = [
    path("reviews/<int:pk>/plan/", views.plan, name="plan"),
    path("reviews/<int:pk>/plan/actions/", views.add_action, name="add_action"),
    path("reviews/<int:pk>/plan/agree/", views.agree, name="agree"),
    path("actions/<int:pk>/done/", views.mark_done, name="mark_done"),
]
