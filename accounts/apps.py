from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from accounts.sessions import start_clocks
        from accounts.two_step import start_session

        user_logged_in.connect(start_clocks, dispatch_uid="accounts.sessions.start_clocks")
        user_logged_in.connect(start_session, dispatch_uid="accounts.two_step.start_session")
        # The project's own deploy checks (HSTS of at least a year): registered on import.
        import ourplan.checks  # noqa: F401
