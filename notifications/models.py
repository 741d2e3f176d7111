from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models.choices import Language
from nominations.models.notes import NoteVerbale


class OutgoingMessage(models.Model):
    """The outbox: written in the transaction of the change that causes it, sent after commit.

    A row goes queued → sending (claimed by one worker) → sent, then delivered or bounced as
    the ESP's tracking webhook reports; a temporary error puts it back to queued until
    ``next_attempt_at``, a permanent one (or too many attempts) makes it failed. A row left
    sending by a worker that died is the Secretariat's to decide (notifications/delivery.py).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        DELIVERED = "delivered", _("Delivered")
        BOUNCED = "bounced", _("Bounced")
        # Not sent because it would have arrived after ``send_by`` (a reminder past its deadline).
        CANCELLED = "cancelled", _("Cancelled")

    # A retried or repeated sweep finds the key taken and sends nothing twice.
    idempotency_key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    to = models.JSONField(default=list)
    language = models.CharField(max_length=2, default="en")
    subject = models.CharField(max_length=250)
    body = models.TextField()
    member_state = models.ForeignKey(
        "nominations.MemberState",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    note_verbale = models.ForeignKey(
        "nominations.NoteVerbale",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    # The nomination a message is about (its acknowledgement, a reminder that it is
    # incomplete): shown on the nomination's page.
    nomination = models.ForeignKey(
        "nominations.Nomination",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="messages",
    )
    # Files sent with the message: a note verbale's PDF, a report. Stored as Documents so
    # the Secretariat and the mission find them later without the e-mail.
    attachments = models.ManyToManyField("nominations.Document", blank=True, related_name="+")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    esp_message_id = models.CharField(max_length=200, blank=True, db_index=True)
    # A message that is pointless once this instant has passed is cancelled, never sent late.
    send_by = models.DateTimeField(null=True, blank=True)
    # When a queued row is due: at once when written, later when a retry waits out its
    # backoff. The sweep sends only rows due for a while, whose own task was lost.
    next_attempt_at = models.DateTimeField(default=timezone.now)
    # When a worker last claimed it (queued → sending): a row sending for long is stuck.
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="outbox_due"),
            models.Index(fields=["-created_at", "-id"], name="outbox_newest"),
        ]

    def __str__(self):
        return f"{self.kind} to {', '.join(self.to)} ({self.status})"


class TrackingEvent(models.Model):
    """An ESP's tracking event, kept once: the unique event id makes a repeated delivery of
    the same event (the ESP retries until it hears 200) change its message only once."""

    esp_name = models.CharField(max_length=40)
    event_id = models.CharField(max_length=200)
    event_type = models.CharField(max_length=30)
    esp_message_id = models.CharField(max_length=200, blank=True, db_index=True)
    recipient = models.CharField(max_length=254, blank=True)
    description = models.TextField(blank=True)
    occurred_at = models.DateTimeField(null=True, blank=True)
    received_at = models.DateTimeField(auto_now_add=True)
    # The outbox row it was applied to; empty while no row has its message id yet (an
    # event can arrive before the worker has recorded the ESP's answer).
    message = models.ForeignKey(
        OutgoingMessage,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tracking_events",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["esp_name", "event_id"], name="tracking_event_once")
        ]

    def __str__(self):
        return f"{self.esp_name} {self.event_type} {self.esp_message_id}"


class NoteTemplate(models.Model):
    """The Secretariat's own wording of one kind of note in one language, edited in the
    admin. While active it replaces notifications/templates/notes/<kind>.<language>.html;
    it is rendered in a sandbox that sees only the note's values (notes/overrides.py)."""

    kind = models.CharField(max_length=24, choices=NoteVerbale.Kind.choices)
    language = models.CharField(max_length=2, choices=Language.choices)
    text = models.TextField(
        blank=True,
        help_text=(
            "The note's template: it extends notes/base.<language>.html and fills its "
            "blocks, as the file of the same kind and language does. Left empty, it starts "
            "as that file's text. Only the note's values are available; no {% load %}, no "
            "other template."
        ),
    )
    is_active = models.BooleanField(
        "in use", default=True, help_text="Off: notes use the template file again."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "language"], name="one_note_template_per_kind")
        ]
        ordering = ["kind", "language"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.get_language_display()})"
