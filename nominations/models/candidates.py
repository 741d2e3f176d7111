import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _


def normalise_name(name):
    """Case-, accent- and space-insensitive key used to spot the same candidate twice."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


def identity_key(full_name, email="", date_of_birth=None):
    """What makes two nominations name the same person (README, "Duplicates").

    The normalised name plus the e-mail; without an e-mail, plus the date of birth;
    with neither, the name alone, so two namesakes sent by one state with neither are
    taken for one person until the state tells them apart.
    """
    name = normalise_name(full_name)
    email = (email or "").strip().lower()
    if email:
        return f"{name}|{email}"
    if date_of_birth:
        return f"{name}|born {date_of_birth.isoformat()}"
    return f"{name}|"


class CandidateQuerySet(models.QuerySet):
    def cross_state_matches(self):
        """Candidate records of a person that another member state has nominated too."""
        return self.filter(
            Exists(
                Candidate.objects.filter(identity=OuterRef("identity")).exclude(
                    member_state=OuterRef("member_state")
                )
            )
        )


class Candidate(models.Model):
    """A person as one member state described them: each state's details are its own."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        OTHER = "other", _("Other")
        UNDISCLOSED = "undisclosed", _("Undisclosed")

    # The state whose note gave these details; another state's nomination of the
    # same person has its own record.
    member_state = models.ForeignKey(
        "MemberState", on_delete=models.PROTECT, related_name="candidates"
    )
    full_name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
    identity = models.CharField(max_length=500, editable=False, db_index=True)
    nationality = models.ForeignKey(
        "MemberState", on_delete=models.PROTECT, related_name="nationals"
    )
    gender = models.CharField(max_length=12, choices=Gender.choices, default=Gender.UNDISCLOSED)
    date_of_birth = models.DateField(null=True, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    postal_address = models.TextField(blank=True)
    languages = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        # The nominations list sorts by the candidate's name (workbench/lists.py).
        indexes = [models.Index(fields=["full_name"], name="candidate_name_order")]
        constraints = [
            models.UniqueConstraint(
                fields=["member_state", "identity"], name="one_candidate_per_person_and_state"
            )
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.full_name)
        self.email = (self.email or "").strip().lower()
        self.identity = identity_key(self.full_name, self.email, self.date_of_birth)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.member_state_id is None:
            return
        identity = identity_key(self.full_name, self.email, self.date_of_birth)
        same = Candidate.objects.filter(member_state_id=self.member_state_id, identity=identity)
        if same.exclude(pk=self.pk).exists():
            raise ValidationError(
                "This member state has already nominated a candidate with this name and "
                "e-mail (or date of birth); change the existing record instead."
            )

    @property
    def has_contact_details(self):
        return bool(self.email or self.phone)
