from django.conf import settings
from django.db import models

from .choices import Language


class NoteVerbale(models.Model):
    """A diplomatic note: incoming (a nomination, a withdrawal) or outgoing (a call, a receipt)."""

    class Direction(models.TextChoices):
        INCOMING = "incoming"
        OUTGOING = "outgoing"

    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        HAND = "hand", "By hand"
        POST = "post", "Post"
        PORTAL = "portal", "Portal"

    direction = models.CharField(max_length=8, choices=Direction.choices)
    member_state = models.ForeignKey(
        "MemberState", on_delete=models.PROTECT, related_name="notes_verbales"
    )
    call = models.ForeignKey(
        "Call", null=True, blank=True, on_delete=models.PROTECT, related_name="notes_verbales"
    )
    # The sender's own reference; for outgoing notes, ours in the Secretariat's series.
    reference = models.CharField(max_length=80, blank=True)
    dated_on = models.DateField(null=True, blank=True)
    received_at = models.DateTimeField(null=True, blank=True)
    channel = models.CharField(max_length=8, choices=Channel.choices)
    language = models.CharField(max_length=2, choices=Language.choices, default="en")
    subject = models.CharField(max_length=200, blank=True)
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

    def __str__(self):
        label = self.reference or self.pk
        return f"{self.get_direction_display()} note {label} ({self.member_state.code})"
