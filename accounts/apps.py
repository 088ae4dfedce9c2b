from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import start_clocks

        user_logged_in.connect(start_clocks, dispatch_uid="accounts.sessions.start_clocks")
