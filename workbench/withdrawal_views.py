"""The missions' requests to withdraw a nomination, as the Secretariat decides them:
the pending ones listed, each completed (the ``withdraw`` transition, through
portal/withdrawals.py and the transition service) or declined with a reason."""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from portal import withdrawals
from portal.models import WithdrawalRequest
from web.permissions import RoleRequiredMixin
from workflows.errors import TransitionError
from workflows.permissions import is_secretariat


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the nomination is not withdrawn"),
        help_text=gettext_lazy("The mission reads it on its nomination's page."),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        error_messages={"required": gettext_lazy("Say why the request is declined.")},
    )


def _requests():
    return WithdrawalRequest.objects.select_related(
        "nomination__post__call",
        "nomination__candidate",
        "nomination__member_state",
        "note_verbale",
        "scan",
    )


class WithdrawalRequestListView(RoleRequiredMixin, ListView):
    role = is_secretariat
    template_name = "workbench/withdrawals/list.html"
    context_object_name = "requests"
    paginate_by = 50

    def get_queryset(self):
        return (
            _requests()
            .filter(status=WithdrawalRequest.Status.PENDING)
            .order_by("requested_at", "id")
        )


def _refused(request, error):
    message = error.message
    messages.error(request, message[:1].upper() + message[1:].rstrip(".") + ".")


class CompleteWithdrawalView(RoleRequiredMixin, View):
    role = is_secretariat

    def post(self, request, pk):
        withdrawal = get_object_or_404(_requests(), pk=pk)
        try:
            withdrawals.complete(withdrawal, actor=request.user)
        except TransitionError as error:
            _refused(request, error)
        else:
            messages.success(
                request,
                _("The nomination of %(name)s is withdrawn, as its mission asked.")
                % {"name": withdrawal.nomination.candidate.full_name},
            )
        return redirect("workbench:nomination_detail", pk=withdrawal.nomination_id)


class DeclineWithdrawalView(RoleRequiredMixin, View):
    role = is_secretariat
    template_name = "workbench/withdrawals/decline.html"

    def get(self, request, pk):
        withdrawal = get_object_or_404(_requests(), pk=pk)
        return self._render(request, withdrawal, DeclineForm())

    def post(self, request, pk):
        withdrawal = get_object_or_404(_requests(), pk=pk)
        form = DeclineForm(request.POST)
        if form.is_valid():
            try:
                withdrawals.decline(
                    withdrawal, actor=request.user, reason=form.cleaned_data["reason"]
                )
            except TransitionError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The request is declined; the mission is told why."))
                return redirect("workbench:nomination_detail", pk=withdrawal.nomination_id)
        return self._render(request, withdrawal, form, status=400)

    def _render(self, request, withdrawal, form, status=200):
        return render(
            request,
            self.template_name,
            {"withdrawal": withdrawal, "form": form, "nomination": withdrawal.nomination},
            status=status,
        )
