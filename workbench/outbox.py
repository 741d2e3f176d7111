"""The outbox as the Secretariat sees it (/workbench/outbox/): every outgoing message,
newest first, filtered by status, kind, member state and day; the messages stuck
``sending`` that need a decision first; and the two decisions, each confirmed on its own
page: "Send again" (also for a failed message) and "Mark as sent", with a note.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from notifications import delivery
from notifications.models import OutgoingMessage
from web.permissions import RoleRequiredMixin
from workflows import message_decisions
from workflows.errors import TransitionError
from workflows.permissions import is_secretariat

from .list_filters import NEEDS_DECISION, OutboxFilter, kind_label

# How many stuck messages the top of the page lists; the filter shows them all.
DECISIONS_SHOWN = 20


def messages_with_recipients():
    return OutgoingMessage.objects.select_related("member_state").order_by("-created_at", "-id")


def annotate_rows(rows, now):
    """Each row's kind label, addressee and the decisions open on it, worked out once."""
    for message in rows:
        message.kind_label = kind_label(message.kind)
        message.addressee = message.member_state.name if message.member_state_id else ""
        message.stuck = delivery.is_stuck(message, now)
        message.may_send_again = message_decisions.may_send_again(message, now)
    return rows


class OutboxView(RoleRequiredMixin, ListView):
    role = is_secretariat
    template_name = "workbench/outbox/outbox.html"
    context_object_name = "rows"
    paginate_by = 50

    def get_queryset(self):
        kinds = OutgoingMessage.objects.order_by("kind").values_list("kind", flat=True).distinct()
        self.filterset = OutboxFilter(
            self.request.GET,
            queryset=messages_with_recipients(),
            request=self.request,
            kinds=list(kinds),
        )
        return self.filterset.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        stuck = list(
            delivery.needs_decision(now)
            .select_related("member_state")
            .order_by("claimed_at", "id")[: DECISIONS_SHOWN + 1]
        )
        context.update(
            form=self.filterset.form,
            rows=annotate_rows(context["rows"], now),
            stuck=annotate_rows(stuck[:DECISIONS_SHOWN], now),
            more_stuck=len(stuck) > DECISIONS_SHOWN,
            needs_decision_url=f"{reverse('workbench:outbox')}?status={NEEDS_DECISION}",
            decision_minutes=settings.NOMINA_OUTBOX_DECISION_MINUTES,
        )
        return context


class MarkSentForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("How do you know it was sent?"),
        help_text=gettext_lazy(
            "For example: the mission confirmed receipt by telephone on 14 November; or the "
            "provider's log shows it delivered. This goes on the audit log."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": gettext_lazy("Say how you know the message was sent.")},
    )


class SendAgainForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note (optional)"),
        help_text=gettext_lazy("Why it is sent again, for the audit log."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )


class DecisionView(RoleRequiredMixin, View):
    """GET: the message and what the decision does, with its form; POST: the decision."""

    role = is_secretariat
    form_class = None
    heading = ""
    button = ""

    def allowed(self, message):
        raise NotImplementedError

    def decide(self, message, actor, note):
        raise NotImplementedError

    def done(self, message):
        raise NotImplementedError

    def get(self, request, pk):
        message = self._message(pk)
        return self._page(request, message, self.form_class())

    def post(self, request, pk):
        message = self._message(pk)
        form = self.form_class(request.POST)
        if not form.is_valid():
            return self._page(request, message, form, status=400)
        try:
            self.decide(message, request.user, form.cleaned_data["note"])
        except TransitionError as error:
            if error.kind != TransitionError.CONFLICT:
                raise
            messages.error(request, _("Nothing was changed: the message no longer needs it."))
            return redirect("workbench:outbox")
        messages.success(request, self.done(message))
        return redirect("workbench:outbox")

    def _message(self, pk):
        return get_object_or_404(messages_with_recipients(), pk=pk)

    def _page(self, request, message, form, status=200):
        annotate_rows([message], timezone.now())
        context = {
            "message": message,
            "form": form,
            "heading": self.heading,
            "button": self.button,
            "allowed": self.allowed(message),
            "action": request.path,
        }
        return render(request, "workbench/outbox/decision.html", context, status=status)


class SendAgainView(DecisionView):
    form_class = SendAgainForm
    heading = gettext_lazy("Send the message again")
    button = gettext_lazy("Send again")

    def allowed(self, message):
        return message_decisions.may_send_again(message)

    def decide(self, message, actor, note):
        message_decisions.send_again(message, actor=actor, reason=note)

    def done(self, message):
        return _("The message “%(subject)s” is queued to be sent again.") % {
            "subject": message.subject
        }


class MarkSentView(DecisionView):
    form_class = MarkSentForm
    heading = gettext_lazy("Mark the message as sent")
    button = gettext_lazy("Mark as sent")

    def allowed(self, message):
        return message_decisions.may_mark_sent(message)

    def decide(self, message, actor, note):
        message_decisions.mark_sent(message, actor=actor, note=note)

    def done(self, message):
        return _("The message “%(subject)s” is recorded as sent.") % {"subject": message.subject}
