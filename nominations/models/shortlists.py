from django.conf import settings
from django.db import models


class ShortlistProposalQuerySet(models.QuerySet):
    def pending(self):
        """The proposals waiting for a decision (at most one per post: the constraint)."""
        return self.filter(status=ShortlistProposal.Status.PROPOSED)


class ShortlistProposal(models.Model):
    """An executive's proposed shortlist; another executive approves it or sends it back
    (four eyes: workflows/shortlists.py and the post's approve_shortlist).

    ``rationales`` holds the proposer's reason for each eligible candidate, in or out, by
    nomination id (as a string, JSON's keys): what the dossier prints beside the ratings.
    """

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        APPROVED = "approved"
        SENT_BACK = "sent_back", "Sent back"

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="shortlist_proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominations = models.ManyToManyField("Nomination", related_name="+", blank=True)
    comment = models.TextField(blank=True)
    rationales = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    send_back_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ShortlistProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One proposal at a time waits for a decision.
            models.UniqueConstraint(
                fields=["post"],
                condition=models.Q(status="proposed"),
                name="one_open_shortlist_proposal",
            )
        ]

    def __str__(self):
        return f"Shortlist for {self.post} by {self.proposed_by}"

    def rationale_for(self, nomination_id):
        return self.rationales.get(str(nomination_id), "")
