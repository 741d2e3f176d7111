import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def document_path(instance, filename):
    # Never the uploader's file name: a fresh, unguessable name for every version.
    return f"documents/{uuid.uuid4().hex}"


class Document(models.Model):
    """A stored file. Never overwritten: a new CV is a new version."""

    class Kind(models.TextChoices):
        CV = "cv", _("Curriculum vitae")
        NOTE_VERBALE = "note_verbale", _("Note verbale")
        REPORT = "report", _("Report")
        TERMS_OF_REFERENCE = "terms", _("Terms of reference")
        OTHER = "other", _("Other")

    nomination = models.ForeignKey(
        "Nomination", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    note_verbale = models.ForeignKey(
        "NoteVerbale", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    # A post's terms of reference as enclosed with its call note, rendered once.
    post = models.ForeignKey(
        "Post", null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField(max_length=14, choices=Kind.choices)
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to=document_path)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["nomination", "kind", "version"], name="unique_document_version"
            ),
            # An outgoing note's PDF is rendered once, whichever worker gets there first.
            models.UniqueConstraint(
                fields=["note_verbale"],
                condition=Q(kind="note_verbale", nomination__isnull=True),
                name="one_pdf_per_outgoing_note",
            ),
            models.UniqueConstraint(
                fields=["post"], condition=Q(kind="terms"), name="one_terms_of_reference_per_post"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}: {self.original_name}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Documents are never overwritten; store a new version instead.")
        super().save(*args, **kwargs)
