from django.contrib.auth.models import AbstractUser, Group, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language

from . import roles

# The languages whose state names the sign-in query loads with the user.
STATE_NAME_LANGUAGES = ("en", "fr", "es")

# The annotation with_role() adds: the role, read in the query that loads the user.
ROLE_ANNOTATION = "role_from_groups"


def role_of_user_query(user_ref="pk"):
    """The first of ROLES among the groups of the user at ``user_ref``, or None."""
    preference = Case(*[When(name=role, then=Value(rank)) for rank, role in enumerate(roles.ROLES)])
    groups = Group.objects.filter(user=OuterRef(user_ref), name__in=roles.ROLES)
    return Subquery(groups.order_by(preference).values("name")[:1])


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

    def with_role(self):
        return self.annotate(**{ROLE_ANNOTATION: role_of_user_query()})

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
    # The language the account reads the site in (settings.LANGUAGES); empty until the
    # user chooses, when the browser's language is the guess.
    language = models.CharField(
        max_length=8, blank=True, choices=[("en", "English"), ("fr", "Français"), ("es", "Español")]
    )
    # An executive office member's nationality: a candidate of the same nationality
    # excludes the member from rating them (review/conflicts).
    nationality = models.ForeignKey(
        "nominations.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = EmailUserManager()

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.email

    @property
    def member_state_name(self):
        """A mission account's state in the active language: from the names the sign-in
        query loads (accounts/backends.py), else from the state itself."""
        if not self.member_state_id:
            return ""
        language = (get_language() or "en")[:2]
        if language not in STATE_NAME_LANGUAGES:
            language = "en"
        loaded = getattr(self, f"state_name_{language}", None)
        return loaded or self.member_state.name_in(language)

    @cached_property
    def role(self):
        """The account's role (the first of its groups that names one), or None."""
        if ROLE_ANNOTATION in self.__dict__:  # loaded with_role(), for a request
            return self.__dict__[ROLE_ANNOTATION]
        names = {group.name for group in self.groups.all()}
        return next((role for role in roles.ROLES if role in names), None)

    def clean(self):
        super().clean()
        if self.pk and self.role == roles.MISSION and self.member_state_id is None:
            raise ValidationError({"member_state": "A mission account needs its member state."})


class Invitation(models.Model):
    """A one-time link that lets an invited focal point choose a password.

    Only the SHA-256 of the link's token is kept: whoever reads the table cannot use a link.
    A link is good until it expires, is used, or is voided by a newer invitation.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    # A newer invitation to the same account replaced this one.
    voided_at = models.DateTimeField(null=True, blank=True)
    invited_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"invitation of {self.user} ({self.created_at:%Y-%m-%d})"
