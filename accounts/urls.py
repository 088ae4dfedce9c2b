from django.urls import path

from accounts import views

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
]
