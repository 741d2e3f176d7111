"""Logging an incoming note verbale, with the nominations it carries, in one form."""

from django.conf import settings
from django.contrib import messages
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from nominations.models import Nomination
from nominations.uploads import UploadRejected, refuse_oversized_request
from web.permissions import RoleRequiredMixin
from web.templatetags.govuk import error_anchor, error_summary
from workflows.errors import TransitionError
from workflows.intake import CandidateDetails, IncomingNote
from workflows.note_logging import CarriedNomination, RejectedFile, log_note
from workflows.permissions import is_secretariat

from .intake_forms import NominationFormSet, NoteForm, loggable_posts

PREFIX = "nominations"
TOTAL = f"{PREFIX}-TOTAL_FORMS"


def _sentence(message):
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


class NoteLogView(RoleRequiredMixin, View):
    """GET: the empty form (with htmx and ``?add``, one more nomination's fieldset).
    POST: "add another nomination" re-renders with one more; "Log the note" logs it all."""

    role = is_secretariat
    template_name = "workbench/intake/note_log.html"

    def get(self, request):
        posts = loggable_posts()
        if request.htmx and "add" in request.GET:
            return self._one_more(request, posts)
        formset = NominationFormSet(prefix=PREFIX, form_kwargs={"post_choices": posts})
        return self._render(request, NoteForm(), formset)

    def post(self, request):
        max_files = NominationFormSet.max_num + 1
        try:
            refuse_oversized_request(
                request.META.get("CONTENT_LENGTH"), settings.NOMINA_MAX_UPLOAD_BYTES * max_files
            )
        except UploadRejected as rejected:
            # The body is never read: the form starts again, saying why.
            formset = NominationFormSet(
                prefix=PREFIX, form_kwargs={"post_choices": loggable_posts()}
            )
            return self._render(request, NoteForm(), formset, refused=rejected.message)
        posts = loggable_posts()
        if "add_nomination" in request.POST:
            return self._with_one_more(request, posts)
        form = NoteForm(request.POST, request.FILES)
        formset = NominationFormSet(
            request.POST, request.FILES, prefix=PREFIX, form_kwargs={"post_choices": posts}
        )
        if not (form.is_valid() and formset.is_valid()):
            return self._render(request, form, formset)
        carried = [(f, f.cleaned_data) for f in formset.forms if f.cleaned_data]
        chosen = [post for _form, data in carried for post in data["posts"]]
        if not form.check_calls_issued(chosen):
            return self._render(request, form, formset)
        try:
            created = log_note(
                actor=request.user,
                note=self._note(form.cleaned_data),
                nominations=[self._carried(data) for _form, data in carried],
                scan=form.cleaned_data.get("scan"),
            )
        except RejectedFile as error:
            target = form if error.index is None else carried[error.index][0]
            target.add_error("scan" if error.index is None else "cv", error.message)
            return self._render(request, form, formset)
        except TransitionError as error:
            duplicate = self._place_transition_error(error, form, carried)
            return self._render(request, form, formset, duplicate=duplicate)
        return self._success(request, created)

    @staticmethod
    def _note(data):
        return IncomingNote(
            member_state=data["member_state"],
            channel=data["channel"],
            received_at=data["received_at"],
            reference=data.get("reference", ""),
            dated_on=data["dated_on"],
        )

    @staticmethod
    def _carried(data):
        details = CandidateDetails.from_form(data)
        return CarriedNomination(candidate=details, posts=data["posts"], cv=data.get("cv"))

    @staticmethod
    def _place_transition_error(error, form, carried):
        """Put the service's refusal on the field it is about; return the duplicate
        nomination when the refusal is one."""
        existing = error.field_errors.get("existing_nomination")
        if existing:
            duplicate = (
                Nomination.objects.select_related("candidate", "post", "member_state")
                .filter(pk=existing[0])
                .first()
            )
            target = next(
                (
                    f
                    for f, data in carried
                    if duplicate is not None
                    and f.identity() == duplicate.candidate.identity
                    and duplicate.post in data["posts"]
                ),
                carried[0][0],
            )
            if duplicate is not None:
                message = _(
                    "%(state)s has already nominated %(name)s for %(post)s: this note "
                    "cannot nominate the same person for it again."
                ) % {
                    "state": duplicate.member_state.name,
                    "name": duplicate.candidate.full_name,
                    "post": duplicate.post.title,
                }
            else:
                message = _sentence(error.message)
            target.add_error("full_name", message)
            return duplicate
        if "received_at" in error.field_errors:
            form.add_error("received_on", _sentence(error.message))
        else:
            form.add_error(None, _sentence(error.message))
        return None

    def _success(self, request, created):
        nominations = [n for rows in created for n in rows]
        late = [n for n in nominations if n.is_late]
        message = ngettext(
            "The note verbale is logged with %(count)d nomination.",
            "The note verbale is logged with %(count)d nominations.",
            len(nominations),
        ) % {"count": len(nominations)}
        if late:
            message += " " + ngettext(
                "%(count)d of them is late: the note arrived after the deadline.",
                "%(count)d of them are late: the note arrived after the deadline.",
                len(late),
            ) % {"count": len(late)}
        messages.success(request, message)
        return redirect("workbench:nomination_detail", pk=nominations[0].pk)

    def _with_one_more(self, request, posts):
        """Without JavaScript: the same form, one nomination more, nothing validated."""
        data = request.POST.copy()
        try:
            total = int(data.get(TOTAL, 1))
        except ValueError:
            total = 1
        data[TOTAL] = str(min(total + 1, NominationFormSet.max_num))
        form = NoteForm(data)
        formset = NominationFormSet(data, prefix=PREFIX, form_kwargs={"post_choices": posts})
        # Keep what was typed, but it is not being submitted yet: show no error.
        for each in [form, *formset.forms]:
            each._errors = ErrorDict()
        formset._non_form_errors = formset.error_class()
        formset._errors = []
        files_dropped = bool(request.FILES)
        return self._render(request, form, formset, files_dropped=files_dropped)

    def _one_more(self, request, posts):
        """With htmx: the next nomination's fieldset, and the formset's new count."""
        try:
            index = int(request.GET.get(TOTAL, 1))
        except ValueError:
            index = 1
        index = max(1, min(index, NominationFormSet.max_num - 1))
        formset = NominationFormSet(prefix=PREFIX, form_kwargs={"post_choices": posts})
        form = formset._construct_form(index, **formset.get_form_kwargs(index))
        return render(
            request,
            "workbench/intake/nomination_fieldset_added.html",
            {"nomination_form": form, "number": index + 1, "total": index + 1, "TOTAL": TOTAL},
        )

    def _render(self, request, form, formset, duplicate=None, files_dropped=False, refused=""):
        summary = _summary(form, formset)
        if refused:
            summary.insert(0, (refused, "id_member_state"))
        sent_files = bool(request.FILES) and request.method == "POST"
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "formset": formset,
                "summary": summary,
                "files_not_kept": sent_files and (bool(summary) or files_dropped),
                "duplicate": duplicate,
                "duplicate_url": (
                    reverse("workbench:nomination_detail", args=[duplicate.pk]) if duplicate else ""
                ),
                "add_url": reverse("workbench:note_log"),
                "TOTAL": TOTAL,
            },
        )


def _summary(form, formset):
    """Every error of the page as (message, anchor), in the order of the page."""
    errors = error_summary(form)["errors"]  # the note's own, its first field first
    if formset.is_bound:
        forms_have_errors = any(f.errors for f in formset.forms)
        for error in formset.non_form_errors().as_data():
            if error.code == "too_few_forms" and forms_have_errors:
                continue  # the first nomination's own errors say it better
            for message in error:
                errors.append((message, error_anchor(formset.forms[0]["full_name"])))
        for number, nomination_form in enumerate(formset.forms, start=1):
            for bound_field in nomination_form:
                for message in bound_field.errors:
                    prefix = _("Nomination %(number)d:") % {"number": number}
                    errors.append((f"{prefix} {message}", error_anchor(bound_field)))
    return errors
