from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import cached_property

from . import roles


class EmailUserManager(UserManager):
    """Users sign in with their e-mail address; there is no separate user name."""

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An account needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    username = None
    email = models.EmailField("e-mail address", unique=True)
    # A mission account speaks for exactly one member state; other roles for none.
    member_state = models.ForeignKey(
        "nominations.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accounts",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @cached_property
    def role(self):
        """The account's role (the first of its groups that names one), or None."""
        names = {group.name for group in self.groups.all()}
        return next((role for role in roles.ROLES if role in names), None)

    def clean(self):
        super().clean()
        if self.pk and self.role == roles.MISSION and self.member_state_id is None:
            raise ValidationError({"member_state": "A mission account needs its member state."})
