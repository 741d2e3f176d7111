from django.conf import settings
from django.db import models


class ShortlistProposal(models.Model):
    """An executive's proposed shortlist; another executive approves it (four eyes)."""

    post = models.ForeignKey("Post", on_delete=models.CASCADE, related_name="shortlist_proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    nominations = models.ManyToManyField("Nomination", related_name="+", blank=True)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Shortlist for {self.post} by {self.proposed_by}"
