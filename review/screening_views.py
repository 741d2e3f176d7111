"""The screening page of one nomination: a finding per criterion of its post, the CV at
hand, and the decision the findings support."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View

from nominations.models import Document
from web.permissions import RoleRequiredMixin
from web.templatetags.govuk import error_anchor
from workflows.documents import download_response
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from . import screening
from .criteria import criteria_of
from .forms import CheckForm
from .models import CriterionCheck
from .scope import nomination_for


def _latest_cv(nomination):
    return nomination.documents.filter(kind=Document.Kind.CV).order_by("-version").first()


def _same(check, data):
    return check is not None and (
        check.finding,
        check.justification,
        check.cv_reference,
        check.override_reason,
    ) == (
        data["finding"],
        data["justification"].strip(),
        data["cv_reference"].strip(),
        data["override_reason"].strip(),
    )


class ScreeningView(RoleRequiredMixin, View):
    role = is_executive
    template_name = "review/screening.html"

    def get(self, request, pk):
        nomination = nomination_for(request.user, pk)
        return self.render(request, nomination)

    def post(self, request, pk):
        nomination = nomination_for(request.user, pk)
        checks = self._checks(nomination)
        forms = self._forms(nomination, checks, data=request.POST)
        if not all(form.is_valid() for form in forms):
            return self.render(request, nomination, forms=forms, status=400)
        try:
            # The findings and the decision stand or fall together.
            with transaction.atomic():
                for form in forms:
                    data = form.cleaned_data
                    if form.is_blank or _same(checks.get(form.criterion.key), data):
                        continue
                    screening.record_check(
                        nomination,
                        criterion=form.criterion.key,
                        finding=data["finding"],
                        justification=data["justification"],
                        cv_reference=data["cv_reference"],
                        override_reason=data["override_reason"],
                        actor=request.user,
                    )
                if "decide" in request.POST:
                    decided = screening.decide(nomination, actor=request.user)
        except TransitionError as error:
            for form in forms:
                for name, problems in error.field_errors.items():
                    if name in form.fields:
                        for problem in problems:
                            form.add_error(name, problem)
            return self.render(request, nomination, forms=forms, refusal=str(error), status=409)
        if "decide" in request.POST:
            if decided.status == "eligible":
                messages.success(request, _("Screened as eligible."))
            else:
                messages.success(request, _("Screened as ineligible, with the reasons."))
        else:
            messages.success(request, _("The findings are saved."))
        return redirect("review:screening", pk=nomination.pk)

    def _checks(self, nomination):
        return {
            check.criterion: check
            for check in CriterionCheck.objects.filter(nomination=nomination).select_related(
                "checked_by"
            )
        }

    def _forms(self, nomination, checks, data=None):
        forms = []
        for criterion in criteria_of(nomination.post):
            check = checks.get(criterion.key)
            initial = (
                {
                    "finding": check.finding,
                    "justification": check.justification,
                    "cv_reference": check.cv_reference,
                    "override_reason": check.override_reason,
                }
                if check
                else None
            )
            forms.append(CheckForm(data, criterion=criterion, initial=initial))
        return forms

    def render(self, request, nomination, forms=None, refusal="", status=200):
        checks = self._checks(nomination)
        forms = forms or self._forms(nomination, checks)
        for form in forms:
            form.saved = checks.get(form.criterion.key)
        problem = screening.screenable(nomination)
        result = screening.outcome(nomination.post, checks.values())
        errors = [(refusal, "decision")] if refusal else []
        for form in forms:
            for bound_field in form:
                errors += [(message, error_anchor(bound_field)) for message in bound_field.errors]
        context = {
            "errors": errors,
            "nomination": nomination,
            "candidate": nomination.candidate,
            "post": nomination.post,
            "required_forms": [f for f in forms if not f.criterion.is_asset],
            "asset_forms": [f for f in forms if f.criterion.is_asset],
            "cv": _latest_cv(nomination),
            "editable": problem is None,
            "not_editable_because": problem,
            "outcome": result,
            "refusal": refusal,
            "all_forms": forms,
        }
        return render(request, self.template_name, context, status=status)


class CvDownloadView(RoleRequiredMixin, View):
    """The nomination's latest CV, the download on the audit log."""

    role = is_executive

    def get(self, request, pk):
        nomination = nomination_for(request.user, pk)
        cv = _latest_cv(nomination)
        if cv is None:
            raise Http404
        return download_response(cv, actor=request.user)
