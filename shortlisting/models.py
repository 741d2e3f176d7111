from django.conf import settings
from django.db import models


class OutcomeRelease(models.Model):
    """The Secretariat released a post's shortlisting outcome to one nominating state's
    mission: from then its portal shows shortlisted / not shortlisted (portal/status.py)."""

    post = models.ForeignKey("nominations.Post", on_delete=models.PROTECT, related_name="+")
    member_state = models.ForeignKey(
        "nominations.MemberState", on_delete=models.PROTECT, related_name="+"
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "member_state"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "member_state"], name="one_outcome_release_per_state"
            )
        ]

    def __str__(self):
        return f"Outcome of {self.post} released to {self.member_state}"


class Export(models.Model):
    """One export of a post's shortlist, built by a Celery task that updates this row;
    the page polls it and offers the Document once it is done."""

    class Kind(models.TextChoices):
        DOSSIER = "dossier", "Shortlist dossier (PDF)"
        SIDE_BY_SIDE = "side_by_side", "Side by side (XLSX)"

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    post = models.ForeignKey("nominations.Post", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    document = models.ForeignKey(
        "nominations.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.post} ({self.status})"

    @property
    def finished(self):
        return self.status in (self.Status.DONE, self.Status.FAILED)
