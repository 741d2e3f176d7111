from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_login_failed

        from . import signin

        user_login_failed.connect(signin.record_failure, dispatch_uid="accounts.login_failed")
        user_locked_out.connect(signin.record_lockout, dispatch_uid="accounts.locked_out")
