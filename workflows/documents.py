"""Taking in and handing out documents; both are on the audit log."""

from django.db import transaction
from django.db.models import Max
from django.http import FileResponse
from django.utils.translation import gettext as _

from nominations.models import Document, Nomination
from nominations.uploads import clean_original_name, download_name, inspect_upload

from . import audit, permissions
from .errors import TransitionError


def store_document(nomination, *, kind, uploaded_file, actor, note_verbale=None):
    """Validate by content, store as the next version of its kind, and log the upload.

    Nothing is stored when the file is refused (UploadRejected propagates).
    ``note_verbale``: the note the document belongs to as well (the scan of the note
    that carried the nomination), so that every nomination it carries shows it.
    """
    if not permissions.may_upload(nomination, actor):
        raise TransitionError(TransitionError.FORBIDDEN, _("your role may not add documents here"))
    inspected = inspect_upload(uploaded_file)
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().get(pk=nomination.pk)
        if locked.status not in Nomination.NON_FINAL:
            raise TransitionError(
                TransitionError.CONFLICT,
                _("documents cannot be added to a nomination that is %(state)s")
                % {"state": locked.status},
                state=locked.status,
            )
        latest = locked.documents.filter(kind=kind).aggregate(latest=Max("version"))["latest"]
        uploaded_file.seek(0)
        document = Document(
            nomination=locked,
            note_verbale=note_verbale,
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
    # A generated document belongs to its outgoing note or, terms of reference, its post.
    owner = document.nomination or document.note_verbale or document.post
    with transaction.atomic():
        audit.record(
            "document.download",
            actor=actor,
            obj=owner,
            details={"document": document.pk, "kind": document.kind, "version": document.version},
        )


def download_response(document, *, actor):
    """The file as an attachment under its safe name, the download on the audit log.

    ``nosniff`` keeps a browser from running what it guesses the bytes to be; the
    name is never the uploader's (``download_name``).
    """
    record_download(document, actor=actor)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=download_name(document),
        content_type=document.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Digest"] = f"sha-256={document.sha256}"
    return response
