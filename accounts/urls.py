from django.urls import path

from accounts import views, views_two_step

app_name = "accounts"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("forgotten-password/", views.forgotten_password, name="forgotten_password"),
    path("forgotten-password/sent/", views.forgotten_password_sent, name="forgotten_password_sent"),
    path("new-password/<uidb64>/<token>/", views.choose_new_password, name="choose_new_password"),
    path("new-password/saved/", views.new_password_saved, name="new_password_saved"),
    path("account/", views.account, name="account"),
    path("account/password/", views.change_password, name="change_password"),
    path("account/sign-out-everywhere/", views.sign_out_everywhere, name="sign_out_everywhere"),
    path("second-step/", views_two_step.second_step, name="second_step"),
    path("account/two-step/set-up/", views_two_step.set_up_two_step, name="set_up_two_step"),
    path("account/two-step/recovery-codes/", views_two_step.new_recovery_codes, name="new_recovery_codes"),
    path("account/two-step/turn-off/", views_two_step.turn_off_two_step, name="turn_off_two_step"),
    path("account/confirm-password/", views_two_step.confirm_password, name="confirm_password"),
    path("account/email/", views_two_step.change_email, name="change_email"),
    path("account/email/confirm/<str:token>/", views_two_step.confirm_email_change, name="confirm_email_change"),
]
