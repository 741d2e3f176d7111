from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Language


class NoteVerbale(models.Model):
    """A diplomatic note: incoming (a nomination, a withdrawal) or outgoing (a call, a receipt)."""

    class Direction(models.TextChoices):
        INCOMING = "incoming", _("Incoming")
        OUTGOING = "outgoing", _("Outgoing")

    class Channel(models.TextChoices):
        EMAIL = "email", _("E-mail")
        HAND = "hand", _("By hand")
        POST = "post", pgettext_lazy("channel", "Post")
        PORTAL = "portal", _("Portal")

    class Kind(models.TextChoices):
        """What an outgoing note is; each has its template per language (notifications)."""

        CALL = "call", _("Call for nominations")
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement of receipt")
        EXTENSION = "extension", _("Deadline extension")
        REOPENING = "reopening", _("Reopening of nominations")
        CLOSING = "closing", _("Closing notice")
        REMINDER_NOT_NOMINATED = "reminder_not_nominated", _("Reminder: no nomination yet")
        REMINDER_INCOMPLETE = "reminder_incomplete", _("Reminder: incomplete nomination")
        OUTCOME = "outcome", _("Outcome of the shortlisting")

    direction = models.CharField(max_length=8, choices=Direction.choices)
    # Empty for an incoming note and for outgoing notes written before the reference series.
    kind = models.CharField(max_length=24, choices=Kind.choices, blank=True)
    member_state = models.ForeignKey(
        "MemberState", on_delete=models.PROTECT, related_name="notes_verbales"
    )
    call = models.ForeignKey(
        "Call", null=True, blank=True, on_delete=models.PROTECT, related_name="notes_verbales"
    )
    # The posts an outgoing note is about (a call note lists every post it announces).
    posts = models.ManyToManyField("Post", blank=True, related_name="notes_verbales")
    # The mission's note an outgoing one answers or cites (an acknowledgement, a reminder).
    in_reply_to = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The sender's own reference; for outgoing notes, ours in the Secretariat's series.
    reference = models.CharField(max_length=80, blank=True)
    dated_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default="en")
    subject = models.CharField(max_length=200, blank=True)
    # For an outgoing note, its text as rendered from its template when it was numbered
    # (HTML): the source of its PDF, so the PDF says what the note said at that moment.
    body = models.TextField(blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        # The nominations list sorts by when the note was received (workbench/lists.py).
        indexes = [models.Index(fields=["received_at"], name="note_received_order")]
        verbose_name = "note verbale"
        verbose_name_plural = "notes verbales"
        constraints = [
            # The series never repeats a number (notifications/notes/references.py).
            models.UniqueConstraint(
                fields=["reference"],
                condition=Q(direction="outgoing") & ~Q(kind=""),
                name="unique_outgoing_note_reference",
            )
        ]

    def __str__(self):
        label = self.reference or self.pk
        return f"{self.get_direction_display()} note {label} ({self.member_state.code})"


class NoteReferenceCounter(models.Model):
    """The last number given in one of the Secretariat's reference series in one year.

    ``EO/007/2026`` is number 7 of series ``EO`` in 2026. The row is locked by the
    transaction that numbers a note, so a rolled-back note gives its number back and two
    notes never get the same one.
    """

    series = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="unique_note_reference_year")
        ]

    def __str__(self):
        return f"{self.series}/{self.year}: {self.last}"
