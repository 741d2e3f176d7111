import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, models
from django.db.models import F
from django.db.models.functions import Collate
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import Language, Region


def validate_email_list(value):
    if not isinstance(value, list):
        raise ValidationError(_("Give a list of e-mail addresses."))
    for address in value:
        validate_email(address)


class MemberState(models.Model):
    code = models.CharField("ISO 3166-1 alpha-3", max_length=3, unique=True)
    name_en = models.CharField("name (English)", max_length=120)
    name_fr = models.CharField("name (French)", max_length=120)
    name_es = models.CharField("name (Spanish)", max_length=120)
    region = models.CharField(max_length=20, choices=Region.choices)
    is_member = models.BooleanField(default=True)
    # Nationals of non-represented states are first-tier candidates.
    is_represented = models.BooleanField(default=True)
    contact_emails = models.JSONField(
        "permanent mission's e-mail addresses",
        default=list,
        blank=True,
        validators=[validate_email_list],
    )
    language = models.CharField(
        "mission's working language", max_length=2, choices=Language.choices, default="en"
    )

    class Meta:
        ordering = ["name_en"]
        # The lists sort by the state's name (workbench/lists.py).
        indexes = [models.Index(fields=["name_en"], name="member_state_name_order")]

    def __str__(self):
        return self.name_en

    def name_in(self, language):
        return getattr(self, f"name_{language}", None) or self.name_en

    @property
    def name(self):
        """The state's official name in the active language (the reference data's), English
        where it has none: what every page shows."""
        return self.name_in(active_language())


def active_language():
    """The active language's two-letter code, "en" outside a request."""
    return (get_language() or "en")[:2]


def sort_key(name):
    """A state's name as a reader sorts it: by its letters, an accent only breaking a tie
    (Égypte among the E, not after Zimbabwe; Türkiye before Turkmenistan)."""
    letters = "".join(
        c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)
    )
    return letters.casefold(), name


def sorted_by_name(items, name=lambda item: item.name):
    """``items`` in the order of their names in the active language (``sort_key``)."""
    return sorted(items, key=lambda item: sort_key(str(name(item))))


def name_order(prefix=""):
    """An ``order_by()`` term for the state's name in the active language, sorted as its
    readers do (``sort_key``): on PostgreSQL by the language's ICU collation, since the
    database's own is byte order (C.UTF-8), which puts États-Unis after Zimbabwe; elsewhere
    (the embedded SQLite) by code point. Lists too long to sort in Python use it."""
    language = active_language()
    field = F(f"{prefix}name_{language}")
    if connection.vendor == "postgresql":
        return Collate(field, f"{language}-x-icu")
    return field
