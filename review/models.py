"""The executive office's records: screening, conflicts of interest, ratings (DESIGN §2)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The fixed rating scale. Seed 000 asks that staff "demonstrate the indicators
# applicable to their level, as well as those for the level below": the scale reads
# against those indicators.
SCALE = [
    (1, _("Not demonstrated")),
    (2, _("Partly demonstrated")),
    (3, _("Demonstrated at the level required")),
    (4, _("Demonstrated above the level required")),
    (5, _("Outstanding")),
]


class CriterionCheck(models.Model):
    """One criterion of the post, screened for one nomination."""

    class Finding(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        UNCLEAR = "unclear", _("Unclear")

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="criterion_checks"
    )
    # "degree", "experience", "language:en", "asset:language:fr", ...
    criterion = models.CharField(max_length=60)
    # Assets are noted, never decide eligibility.
    is_asset = models.BooleanField(default=False)
    finding = models.CharField(max_length=10, choices=Finding.choices)
    justification = models.TextField()
    cv_reference = models.CharField(
        max_length=200, blank=True, help_text=_("The part of the CV the finding rests on.")
    )
    override_reason = models.TextField(
        blank=True, help_text=_("Why an unclear finding does not block the decision.")
    )
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["nomination", "is_asset", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "criterion"], name="review_check_one_per_criterion"
            )
        ]

    def __str__(self):
        return f"{self.nomination_id} {self.criterion}: {self.finding}"


class ConflictDeclaration(models.Model):
    """A member's declaration of (no) conflict of interest on one nomination."""

    class Kind(models.TextChoices):
        NONE = "none", _("No conflict")
        SAME_NATIONALITY = "same_nationality", _("Same nationality")
        WORKED_WITH = "worked_with", _("Worked for or with the candidate")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    note = models.TextField(blank=True)
    # Recorded by the system (same nationality), not by the member.
    automatic = models.BooleanField(default=False)
    declared_at = models.DateTimeField()

    class Meta:
        ordering = ["nomination", "declared_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member"], name="review_conflict_one_per_member"
            )
        ]

    def __str__(self):
        return f"{self.member_id} on {self.nomination_id}: {self.kind}"


class Assessment(models.Model):
    """One member's ratings of one nomination (DESIGN §2)."""

    nomination = models.ForeignKey(
        "nominations.Nomination", on_delete=models.CASCADE, related_name="assessments"
    )
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "member"], name="review_assessment_one_per_member"
            )
        ]

    def __str__(self):
        return f"Assessment of {self.nomination_id} by {self.member_id}"

    @property
    def is_submitted(self):
        return self.submitted_at is not None


class Rating(models.Model):
    """One score of one post competency within an assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="ratings")
    post_competency = models.ForeignKey(
        "nominations.PostCompetency", on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(choices=SCALE)
    comment = models.TextField(blank=True)

    class Meta:
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "post_competency"], name="review_rating_one_per_competency"
            ),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="review_rating_score_on_scale"
            ),
        ]

    def __str__(self):
        return f"{self.post_competency_id}: {self.score}"
