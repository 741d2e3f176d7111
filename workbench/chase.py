"""The roster's chase: remind every addressed state that has not nominated, in one action.

GET shows what would go (how many notes, to which missions, in which language, to how
many addresses); POST sends exactly that, less any state that has nominated since, through
reminders.chase (once a day at most). Then the same page says what went today.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from nominations.models import Call
from nominations.models.choices import Language
from reminders import chase
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_secretariat


class ChaseForm(forms.Form):
    # The states the Secretariat saw and confirmed, as alpha-3 codes.
    states = forms.RegexField(regex=r"^[A-Z]{3}(,[A-Z]{3})*$", widget=forms.HiddenInput)


def _rows(states):
    names = dict(Language.choices)
    return [
        {
            "code": state.code,
            "name": state.name,
            "language": names.get(state.language, state.language),
            "addresses": len(state.contact_emails),
        }
        for state in states
    ]


class ChaseView(RoleRequiredMixin, TemplateView):
    role = is_secretariat
    template_name = "workbench/dashboard/chase.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and self.has_role(request.user):
            calls = chase.with_posts(Call.objects.for_user(request.user))
            self.call = get_object_or_404(calls, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        plan = chase.plan(self.call)
        context.update(
            call=self.call,
            plan=plan,
            to_remind=_rows(plan.to_remind),
            already=_rows(plan.already),
            unreachable=_rows(plan.unreachable),
            form=ChaseForm(initial={"states": ",".join(s.code for s in plan.to_remind)}),
        )
        return context

    def post(self, request, *args, **kwargs):
        form = ChaseForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was sent: check the list and confirm again."))
            return redirect("workbench:call_chase", pk=self.call.pk)
        confirmed = set(form.cleaned_data["states"].split(","))
        result = chase.chase(self.call, request.user, confirmed)
        if result.sent:
            messages.success(
                request,
                ngettext(
                    "A reminder is on its way to the mission of %(n)d member state.",
                    "Reminders are on their way to the missions of %(n)d member states.",
                    len(result.sent),
                )
                % {"n": len(result.sent)},
            )
        else:
            messages.info(request, _("No reminder was sent: nobody is left to remind today."))
        return redirect("workbench:call_chase", pk=self.call.pk)
