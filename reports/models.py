from django.db import models


class DeadlineReport(models.Model):
    """The Secretariat's report on the posts of a call that closed at one deadline.

    Written (once, whoever closes first) in the transaction that closes a post; the close
    sweep builds and sends it once no post of the call with that deadline is still open.
    """

    call = models.ForeignKey("nominations.Call", on_delete=models.PROTECT, related_name="+")
    deadline = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    built_at = models.DateTimeField(null=True, blank=True)
    message = models.ForeignKey(
        "notifications.OutgoingMessage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    documents = models.ManyToManyField("nominations.Document", blank=True, related_name="+")

    class Meta:
        ordering = ["-deadline", "call"]
        constraints = [
            models.UniqueConstraint(fields=["call", "deadline"], name="one_report_per_deadline")
        ]

    def __str__(self):
        return f"Deadline report {self.call} {self.deadline:%Y-%m-%d %H:%M}"
