"""A mission's electronic submission and what follows it on the portal: the nomination
form of an open post, a CV that follows later, a request to withdraw.

Every write goes through the services the workbench and the API use: the note logging
(workflows/note_logging.py), store_document, and portal/withdrawals.py. Every object is
found through portal/scope.py: another state's answers 404, on GET and POST alike.
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from nominations.models import Document, NoteVerbale, Post
from nominations.uploads import UploadRejected, refuse_oversized_request
from web.templatetags.govuk import error_anchor, error_summary
from workflows.documents import store_document
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote
from workflows.note_logging import CarriedNomination, RejectedFile, log_note

from . import scope, withdrawals
from .forms import CvForm, SubmissionForm, WithdrawalForm, takes_nominations
from .views import TAKES_A_CV, MissionPage


def _sentence(message):
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


def _summary(form, refused=""):
    errors = error_summary(form)["errors"]
    if refused:
        errors.insert(0, (refused, error_anchor(next(iter(form)))))
    return errors


class NominateView(MissionPage, View):
    """GET: the form (or, once the post takes no nominations, why not). POST: the
    nomination, through the same note logging as the workbench's."""

    template_name = "portal/nominations/submit.html"

    def get(self, request, pk):
        post = self._post(request, pk)
        if not takes_nominations(post):
            return self._closed(request, post)
        return self._render(request, post, self._form(request, post))

    def post(self, request, pk):
        post = self._post(request, pk)
        if not takes_nominations(post):
            return self._closed(request, post, status=409)
        try:
            # The note and the CV: two files at most.
            refuse_oversized_request(
                request.META.get("CONTENT_LENGTH"), settings.NOMINA_MAX_UPLOAD_BYTES * 2
            )
        except UploadRejected as rejected:
            form = self._form(request, post)
            return self._render(request, post, form, refused=rejected.message, status=400)
        form = self._form(request, post, data=request.POST, files=request.FILES)
        if not form.is_valid():
            return self._render(request, post, form, status=400)
        data = form.cleaned_data
        try:
            created = log_note(
                actor=request.user,
                # The state is the account's, whatever was posted; the service times it.
                note=IncomingNote(
                    member_state=request.user.member_state,
                    channel=NoteVerbale.Channel.PORTAL,
                    reference=data["reference"].strip(),
                    dated_on=data["dated_on"],
                ),
                nominations=[
                    CarriedNomination(
                        candidate=CandidateDetails.from_form(data),
                        posts=form.all_posts(),
                        cv=data.get("cv"),
                    )
                ],
                scan=data["scan"],
            )
        except RejectedFile as error:
            form.add_error("scan" if error.index is None else "cv", error.message)
            return self._render(request, post, form, status=400)
        except TransitionError as error:
            duplicate = self._place(request, error, form)
            return self._render(request, post, form, duplicate=duplicate, status=409)
        nominations = created[0]
        messages.success(
            request,
            ngettext(
                "Your nomination was received. The Secretariat sends your mission an "
                "acknowledgement of receipt.",
                "Your %(count)d nominations were received. The Secretariat sends your mission "
                "an acknowledgement of receipt.",
                len(nominations),
            )
            % {"count": len(nominations)},
        )
        return redirect("portal:nomination_detail", pk=nominations[0].pk)

    @staticmethod
    def _post(request, pk):
        return get_object_or_404(scope.nominable_posts(request.user).select_related("call"), pk=pk)

    @staticmethod
    def _form(request, post, data=None, files=None):
        others = list(
            scope.nominable_posts(request.user)
            .filter(call_id=post.call_id, status=Post.Status.OPEN, deadline__gt=timezone.now())
            .exclude(pk=post.pk)
            .select_related("call")
            .order_by("id")
        )
        return SubmissionForm(data, files, post=post, other_posts=others)

    @staticmethod
    def _place(request, error, form):
        """The service's refusal on the field it is about; the duplicate, if it is one."""
        existing = error.field_errors.get("existing_nomination")
        duplicate = None
        if existing:
            duplicate = (
                scope.nominations(request.user)
                .select_related("candidate", "post")
                .filter(pk=existing[0])
                .first()
            )
        if duplicate is None:
            form.add_error(None, _sentence(error.message))
            return None
        form.add_error(
            "full_name",
            _(
                "Your state has already nominated %(name)s for %(post)s: the same person "
                "cannot be nominated for it twice."
            )
            % {"name": duplicate.candidate.full_name, "post": duplicate.post.title},
        )
        return duplicate

    def _render(self, request, post, form, duplicate=None, refused="", status=200):
        sent_files = request.method == "POST" and bool(request.FILES)
        return render(
            request,
            self.template_name,
            {
                "post": post,
                "form": form,
                "summary": _summary(form, refused),
                "duplicate": duplicate,
                "files_not_kept": sent_files,
            },
            status=status,
        )

    def _closed(self, request, post, status=200):
        return render(request, self.template_name, {"post": post, "closed": True}, status=status)


def _nomination(request, pk):
    return get_object_or_404(
        scope.nominations(request.user).select_related("post__call", "candidate"), pk=pk
    )


class CvUploadView(MissionPage, View):
    """The CV that follows later, or a new version of it, through store_document."""

    template_name = "portal/nominations/cv.html"

    def get(self, request, pk):
        nomination = _nomination(request, pk)
        return self._render(request, nomination, CvForm())

    def post(self, request, pk):
        nomination = _nomination(request, pk)
        if nomination.status not in TAKES_A_CV:
            return self._render(request, nomination, None, status=409)
        try:
            refuse_oversized_request(request.META.get("CONTENT_LENGTH"))
        except UploadRejected as rejected:
            return self._render(request, nomination, CvForm(), refused=rejected.message, status=400)
        form = CvForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, nomination, form, status=400)
        try:
            document = store_document(
                nomination,
                kind=Document.Kind.CV,
                uploaded_file=form.cleaned_data["cv"],
                actor=request.user,
            )
        except UploadRejected as rejected:
            form.add_error("cv", rejected.message)
            return self._render(request, nomination, form, status=400)
        except TransitionError as error:
            form.add_error(None, _sentence(error.message))
            return self._render(request, nomination, form, status=409)
        messages.success(
            request,
            _("The CV is received (version %(version)d).") % {"version": document.version},
        )
        return redirect("portal:nomination_detail", pk=nomination.pk)

    def _render(self, request, nomination, form, refused="", status=200):
        takes = nomination.status in TAKES_A_CV
        return render(
            request,
            self.template_name,
            {
                "nomination": nomination,
                "form": form if takes else None,
                "summary": _summary(form, refused) if takes and form is not None else [],
                "has_cv": nomination.documents.filter(kind=Document.Kind.CV).exists(),
            },
            status=status,
        )


class WithdrawalRequestView(MissionPage, View):
    """Ask the Secretariat to withdraw a nomination, with the mission's note verbale."""

    template_name = "portal/nominations/withdraw.html"

    def get(self, request, pk):
        nomination = _nomination(request, pk)
        return self._render(request, nomination, WithdrawalForm())

    def post(self, request, pk):
        nomination = _nomination(request, pk)
        if not self._may_ask(nomination):
            return self._render(request, nomination, None, status=409)
        try:
            refuse_oversized_request(request.META.get("CONTENT_LENGTH"))
        except UploadRejected as rejected:
            form = WithdrawalForm()
            return self._render(request, nomination, form, refused=rejected.message, status=400)
        form = WithdrawalForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._render(request, nomination, form, status=400)
        data = form.cleaned_data
        try:
            withdrawals.request_withdrawal(
                actor=request.user,
                nomination=nomination,
                note=withdrawals.WithdrawalNote.from_data(data),
            )
        except UploadRejected as rejected:
            form.add_error("scan", rejected.message)
            return self._render(request, nomination, form, status=400)
        except TransitionError as error:
            form.add_error(None, _sentence(error.message))
            return self._render(request, nomination, form, status=409)
        messages.success(
            request,
            _(
                "Your request to withdraw the nomination is sent. The Secretariat withdraws "
                "it and your mission sees it here."
            ),
        )
        return redirect("portal:nomination_detail", pk=nomination.pk)

    @staticmethod
    def _may_ask(nomination):
        return withdrawals.may_ask(nomination) and withdrawals.pending(nomination) is None

    def _render(self, request, nomination, form, refused="", status=200):
        may_ask = self._may_ask(nomination)
        return render(
            request,
            self.template_name,
            {
                "nomination": nomination,
                "form": form if may_ask else None,
                "summary": _summary(form, refused) if may_ask and form is not None else [],
                "pending": withdrawals.pending(nomination),
                "files_not_kept": request.method == "POST" and bool(request.FILES),
            },
            status=status,
        )
