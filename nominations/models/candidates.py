import unicodedata

from django.db import models


def normalise_name(name):
    """Case-, accent- and space-insensitive key used to spot the same candidate twice."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())


class Candidate(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female"
        MALE = "male"
        OTHER = "other"
        UNDISCLOSED = "undisclosed"

    full_name = models.CharField(max_length=200)
    normalised_name = models.CharField(max_length=200, editable=False, db_index=True)
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

    class Meta:
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.normalised_name = normalise_name(self.full_name)
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)

    @property
    def has_contact_details(self):
        return bool(self.email or self.phone)
