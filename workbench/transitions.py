"""Transitions as buttons: one form page per transition, one POST that calls the service.

A transition that needs nothing more is a button that POSTs straight away; one that
needs a reason or a new deadline (DESIGN §3) is a link to its form page. Either way the
POST goes through `workflows.transitions.take()`, which checks the role and the
conditions again: the page only shows what the service would allow.
"""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from nominations.models import Nomination, Post
from web.forms import DateInputField
from web.permissions import RoleRequiredMixin
from workflows import transitions
from workflows.errors import TransitionError
from workflows.permissions import is_secretariat

LABELS = {
    "issue_call": gettext_lazy("Issue the call"),
    "close_nominations": gettext_lazy("Close nominations"),
    "extend_deadline": gettext_lazy("Extend the deadline"),
    "reopen": gettext_lazy("Reopen nominations"),
    "start_shortlisting": gettext_lazy("Start shortlisting"),
    "approve_shortlist": gettext_lazy("Approve the shortlist"),
    "cancel": gettext_lazy("Cancel the post"),
    "mark_incomplete": gettext_lazy("Mark incomplete"),
    "confirm_complete": gettext_lazy("Confirm complete"),
    "accept_late": gettext_lazy("Accept the late nomination"),
    "reject_late": gettext_lazy("Reject the late nomination"),
    "screen_eligible": gettext_lazy("Screen as eligible"),
    "screen_ineligible": gettext_lazy("Screen as ineligible"),
    "withdraw": gettext_lazy("Withdraw"),
}
# Transitions that end something for good: shown as warning buttons.
FINAL = {"cancel", "reject_late", "withdraw", "screen_ineligible"}
REASON_HINTS = {
    "mark_incomplete": gettext_lazy("Say what is missing: the mission reads it."),
    "extend_deadline": gettext_lazy(
        "For the audit log. Every addressed mission is sent a note verbale with the new "
        "deadline, without this reason."
    ),
    "reopen": gettext_lazy(
        "For the audit log. Every addressed mission is sent a note verbale with the new "
        "deadline, without this reason."
    ),
}


def label(name):
    return LABELS.get(name, name.replace("_", " ").capitalize())


class TransitionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    deadline_date = DateInputField(label=gettext_lazy("New deadline"))

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        if offer.needs_reason:
            self.fields["reason"].help_text = REASON_HINTS.get(offer.name, "")
        else:
            del self.fields["reason"]
        if "deadline_date" in offer.params:
            self.fields["deadline_date"].help_text = _(
                "Nominations close at the end of this day, Geneva time. For example, 15 11 2027."
            )
        else:
            del self.fields["deadline_date"]

    def add_refusal(self, error):
        """Put the service's refusal on the field it names, or on the form."""
        placed = False
        for name, problems in error.field_errors.items():
            if name in self.fields:
                for problem in problems:
                    self.add_error(name, problem)
                placed = True
        if not placed:
            self.add_error(None, str(error))


class TransitionView(RoleRequiredMixin, View):
    """GET: the transition's form page (or why it is not offered); POST: take it."""

    role = is_secretariat
    model = None
    template_name = "workbench/transition_form.html"

    def get_object(self):
        try:
            return self.model.objects.for_user(self.request.user).get(pk=self.kwargs["pk"])
        except self.model.DoesNotExist:
            raise Http404 from None

    def get_offer(self, obj):
        for offer in transitions.offered(obj, self.request.user):
            if offer.name == self.kwargs["name"]:
                return offer
        raise Http404

    def back_url(self):
        target = self.request.POST.get("next") or self.request.GET.get("next") or ""
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={self.request.get_host()}, require_https=False
        ):
            return target
        return reverse("workbench:home")

    def render_form(self, obj, offer, form, status=200):
        context = {
            "object": obj,
            "offer": offer,
            "label": label(offer.name),
            "final": offer.name in FINAL,
            "form": form,
            "back_url": self.back_url(),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        offer = self.get_offer(obj)
        return self.render_form(obj, offer, TransitionForm(offer=offer))

    def post(self, request, *args, **kwargs):
        obj = self.get_object()
        offer = self.get_offer(obj)
        form = TransitionForm(request.POST, offer=offer)
        if form.is_valid():
            params = {k: v for k, v in form.cleaned_data.items() if k in offer.params}
            try:
                transitions.take(
                    obj,
                    offer.name,
                    actor=request.user,
                    reason=form.cleaned_data.get("reason", ""),
                    **params,
                )
            except TransitionError as error:
                form.add_refusal(error)
            else:
                messages.success(
                    request, _("Done: %(action)s.") % {"action": label(offer.name).lower()}
                )
                return redirect(self.back_url())
        return self.render_form(obj, offer, form, status=400)


class PostTransitionView(TransitionView):
    model = Post


class NominationTransitionView(TransitionView):
    model = Nomination
