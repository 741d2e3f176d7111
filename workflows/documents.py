"""Taking in and handing out documents; both are on the audit log."""

from django.db import transaction
from django.db.models import Max

from nominations.models import Document, Nomination
from nominations.uploads import clean_original_name, inspect_upload

from . import audit, permissions
from .errors import TransitionError


def store_document(nomination, *, kind, uploaded_file, actor):
    """Validate by content, store as the next version of its kind, and log the upload.

    Nothing is stored when the file is refused (UploadRejected propagates).
    """
    if not permissions.may_upload(nomination, actor):
        raise TransitionError(TransitionError.FORBIDDEN, "your role may not add documents here")
    inspected = inspect_upload(uploaded_file)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status not in Nomination.NON_FINAL:
            raise TransitionError(
                TransitionError.CONFLICT,
                f"documents cannot be added to a nomination that is {locked.status}",
                state=locked.status,
            )
        latest = locked.documents.filter(kind=kind).aggregate(latest=Max("version"))["latest"]
        uploaded_file.seek(0)
        document = Document(
            nomination=locked,
            kind=kind,
            version=(latest or 0) + 1,
            original_name=clean_original_name(uploaded_file.name),
            content_type=inspected.content_type,
            size=inspected.size,
            sha256=inspected.sha256,
            uploaded_by=actor,
        )
        document.file.save(f"upload.{inspected.extension}", uploaded_file, save=False)
        try:
            document.save(force_insert=True)
            audit.record(
                "document.upload",
                actor=actor,
                obj=locked,
                details={
                    "document": document.pk,
                    "kind": kind,
                    "version": document.version,
                    "sha256": document.sha256,
                    "size": document.size,
                },
            )
        except Exception:
            # The row is gone with the transaction: remove the stored bytes too.
            document.file.storage.delete(document.file.name)
            raise
    return document


def record_download(document, *, actor):
    with transaction.atomic():
        audit.record(
            "document.download",
            actor=actor,
            obj=document.nomination,
            details={"document": document.pk, "kind": document.kind, "version": document.version},
        )
