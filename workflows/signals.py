from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import audit


@receiver(user_login_failed)
def record_login_failure(sender, credentials, request=None, **kwargs):
    # Only the name tried: never the password.
    audit.record_alone(
        "account.login_failed",
        actor=AnonymousUser(),
        details={"username": str(credentials.get("username") or credentials.get("email") or "")},
    )
