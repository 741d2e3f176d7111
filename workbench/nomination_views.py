"""A nomination's page: the candidate, the note, the documents, the history; a new
document version uploaded in place, and documents downloaded through the audit log."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from nominations.models import Document, Nomination, NoteVerbale
from nominations.models.choices import Language
from nominations.models.member_states import name_order
from nominations.uploads import UploadRejected, refuse_oversized_request
from notifications.models import OutgoingMessage
from reports.models import DeadlineReport
from web.permissions import RoleRequiredMixin
from workflows.documents import download_response, store_document
from workflows.errors import TransitionError
from workflows.models import AuditEvent
from workflows.permissions import is_secretariat

from .list_filters import kind_label


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What it is"),
        choices=[
            (Document.Kind.CV, gettext_lazy("A CV (a new version if there is one)")),
            (Document.Kind.OTHER, gettext_lazy("Another supporting document")),
        ],
        initial=Document.Kind.CV,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what the document is.")},
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("A PDF, DOCX or ODT file, at most %(size)s MB."),
        error_messages={"required": gettext_lazy("Choose the file to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = settings.NOMINA_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["file"].help_text = self.fields["file"].help_text % {"size": megabytes}


def _nomination(request, pk):
    queryset = Nomination.objects.for_user(request.user).select_related(
        "post__call",
        "member_state",
        "candidate__nationality",
        "note_verbale__logged_by",
        "logged_by",
    )
    return get_object_or_404(queryset, pk=pk)


def documents_context(nomination, upload_form=None):
    documents = nomination.documents.select_related("uploaded_by").order_by("kind", "-version")
    return {
        "nomination": nomination,
        "documents": list(documents),
        "upload_form": upload_form or UploadForm(),
        "takes_documents": nomination.status in Nomination.NON_FINAL,
    }


def page_context(request, nomination, upload_form=None):
    note = nomination.note_verbale
    history = AuditEvent.objects.filter(
        object_type="nominations.nomination", object_id=str(nomination.pk)
    ).order_by("id")
    # Its own messages, and those answering its note that name no nomination (the
    # acknowledgement of a note carrying several).
    outgoing = OutgoingMessage.objects.filter(
        Q(nomination=nomination)
        | Q(note_verbale__in_reply_to=note, nomination__isnull=True)
        | Q(note_verbale=note, nomination__isnull=True)
    ).order_by("-created_at", "-id")
    others = (
        nomination.by_other_states()
        .select_related("member_state", "post")
        .order_by(name_order("member_state__"), "id")
    )
    return {
        **documents_context(nomination, upload_form),
        "candidate": nomination.candidate,
        "languages": ", ".join(
            str(dict(Language.choices).get(code, code)) for code in nomination.candidate.languages
        ),
        "note": note,
        "scans": list(note.documents.filter(kind=Document.Kind.NOTE_VERBALE).order_by("-version")),
        "history": list(history),
        "other_states": list(others),
        "outgoing": [_message_row(message) for message in outgoing.only(*MESSAGE_FIELDS)],
        "mission_messages_url": _mission_messages_url(nomination.member_state),
        "withdrawal_pending": nomination.withdrawal_requests.filter(status="pending")
        .select_related("note_verbale", "scan")
        .first(),
    }


MESSAGE_FIELDS = ("kind", "subject", "status", "created_at", "sent_at", "last_error", "to")


def _message_row(message):
    message.kind_label = kind_label(message.kind)
    return message


def _mission_messages_url(member_state):
    return f"{reverse('workbench:outbox')}?{urlencode({'member_state': member_state.code})}"


class NominationDetailView(RoleRequiredMixin, View):
    role = is_secretariat

    def get(self, request, pk):
        nomination = _nomination(request, pk)
        return render(
            request, "workbench/nominations/detail.html", page_context(request, nomination)
        )


class NominationUploadView(RoleRequiredMixin, View):
    """POST a new document version; back to the page (with htmx: its documents part)."""

    role = is_secretariat

    def post(self, request, pk):
        nomination = _nomination(request, pk)
        try:
            refuse_oversized_request(request.META.get("CONTENT_LENGTH"))
        except UploadRejected as rejected:
            form = UploadForm()
            return self._refused(request, nomination, form, rejected.message)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._refused(request, nomination, form)
        try:
            document = store_document(
                nomination,
                kind=form.cleaned_data["kind"],
                uploaded_file=form.cleaned_data["file"],
                actor=request.user,
            )
        except UploadRejected as rejected:
            return self._refused(request, nomination, form, rejected.message, field="file")
        except TransitionError as error:
            return self._refused(request, nomination, form, _sentence(error.message))
        label = _("%(kind)s version %(version)d is stored.") % {
            "kind": document.get_kind_display(),
            "version": document.version,
        }
        if request.htmx:
            context = documents_context(nomination)
            context["stored"] = label
            return render(request, "workbench/nominations/documents.html", context)
        messages.success(request, label)
        return redirect("workbench:nomination_detail", pk=nomination.pk)

    def _refused(self, request, nomination, form, message=None, field=None):
        refused = ""
        if message and form.is_bound:
            form.add_error(field, message)
        elif message:  # the body was never read: nothing to bind
            refused = message
        context = documents_context(nomination, form)
        if request.htmx:
            return render(
                request,
                "workbench/nominations/documents.html",
                {**context, "upload_refused": refused},
            )
        context = {**page_context(request, nomination, form), "upload_refused": refused}
        return render(request, "workbench/nominations/detail.html", context, status=400)


def _sentence(message):
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class DocumentDownloadView(RoleRequiredMixin, View):
    """A nomination's document, or one the Secretariat generated: an outgoing note
    verbale's PDF, a post's terms of reference as enclosed with its call, a deadline
    report."""

    role = is_secretariat

    def get(self, request, pk):
        visible = Nomination.objects.for_user(request.user)
        generated = Q(nomination__isnull=True) & (
            Q(note_verbale__direction=NoteVerbale.Direction.OUTGOING)
            | Q(post__isnull=False)
            # A deadline report's, not another report's: a shortlist export is its
            # requester's alone (it shows what their visibility of the ratings shows).
            | Q(pk__in=DeadlineReport.documents.through.objects.values("document_id"))
        )
        document = get_object_or_404(
            Document.objects.select_related("nomination__candidate", "note_verbale", "post").filter(
                Q(nomination__in=visible) | generated
            ),
            pk=pk,
        )
        return download_response(document, actor=request.user)
