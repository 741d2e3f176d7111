"""Django's model backend, loading a signed-in user's role in the same query as the user."""

from django.contrib.auth.backends import ModelBackend

from .models import User


class RoleModelBackend(ModelBackend):
    """Every request of a signed-in session loads its user here: with the role joined in,
    the permission checks need no second query for the user's groups."""

    def get_user(self, user_id):
        try:
            user = User.objects.with_role().get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
