from django.db import models
from django.db.models import Q


class DuePoint(models.Model):
    """A reminder due at a time, kept in the database and swept from beat (never a
    far-future Celery ETA). One row per (kind, object, due point); ``key`` says which.

    ``send_by`` is the deadline the reminder is about: a row still pending then expires
    unsent, and the messages it queues carry the same ``send_by``.
    """

    class Outcome(models.TextChoices):
        PENDING = "", "Pending"
        # Handled: ``sent`` says how many messages it queued (0: nobody to remind).
        DONE = "done", "Done"
        # A later point of the same reminder was due in the same sweep and went instead.
        SUPERSEDED = "superseded", "Superseded by a later point"
        # The deadline came first.
        EXPIRED = "expired", "Deadline passed"
        # Nothing to remind of any more: the post closed or moved its deadline, the
        # nomination was completed or withdrawn.
        MOOT = "moot", "No longer applies"

    key = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=40)
    # The label of the point in the messages' idempotency keys ("2023-11-15-7d").
    label = models.CharField(max_length=60)
    call = models.ForeignKey(
        "nominations.Call", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    nomination = models.ForeignKey(
        "nominations.Nomination",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    due_at = models.DateTimeField()
    send_by = models.DateTimeField()
    done_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(
        max_length=12, choices=Outcome.choices, default=Outcome.PENDING, blank=True
    )
    sent = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [
            # What the sweep reads every minute: the pending rows, by due time.
            models.Index(
                fields=["due_at"], condition=Q(done_at__isnull=True), name="duepoint_pending"
            )
        ]

    def __str__(self):
        return f"{self.key} due {self.due_at:%Y-%m-%d %H:%M}"
