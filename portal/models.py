"""What the portal adds to the record: a mission's request to withdraw a nomination.

The withdrawal itself is the Secretariat's act (the ``withdraw`` transition); the
request is what the mission sent for it, with its note verbale, and what became of it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class WithdrawalRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Declined"

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.PROTECT, related_name="withdrawal_requests"
    )
    # The mission's note asking for it, logged as an incoming note of the state (channel
    # portal), and its scan.
    note_verbale = models.OneToOneField(
        "nominations.NoteVerbale", on_delete=models.PROTECT, related_name="withdrawal_request"
    )
    scan = models.ForeignKey(
        "nominations.Document", null=True, on_delete=models.PROTECT, related_name="+"
    )
    message = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=9, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "id"]
        constraints = [
            # One request at a time: a second waits until the first is decided.
            models.UniqueConstraint(
                fields=["nomination"],
                condition=Q(status="pending"),
                name="one_pending_withdrawal_request",
            )
        ]

    def __str__(self):
        return f"Withdrawal request {self.pk} for nomination {self.nomination_id} ({self.status})"
