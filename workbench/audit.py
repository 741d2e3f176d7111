"""The audit log as a page, for the auditor and the Secretariat (mounted at /audit/):
filters by object, action, actor and date, and a "verify the chain" action.

Verifying reads every event (workflows.audit.first_broken_event, the check of
`manage.py verify_audit`, and the checkpoints of NOMINA_AUDIT_CHECKPOINT_FILE when set).
"""

import time

from django.conf import settings
from django.contrib import messages
from django.core.management import CommandError
from django.shortcuts import redirect
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from django.views.generic import ListView, View

from web.permissions import RoleRequiredMixin
from workflows.audit import checkpoint_problem, first_broken_event
from workflows.management.commands.verify_audit import read_checkpoints
from workflows.models import AuditEvent
from workflows.permissions import is_auditor, is_secretariat

from .list_filters import AuditLogFilter

ROLES = (is_auditor, is_secretariat)


class AuditLogView(RoleRequiredMixin, ListView):
    """The newest events first, 50 a page, narrowed by the filters."""

    role = ROLES
    template_name = "workbench/audit_log.html"
    context_object_name = "events"
    paginate_by = 50

    def get_queryset(self):
        events = AuditEvent.objects.order_by("-id")
        self.filterset = AuditLogFilter(
            self.request.GET,
            queryset=events,
            request=self.request,
            object_types=_distinct("object_type"),
            actions=_distinct("action"),
        )
        return self.filterset.rows

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = self.filterset.form
        return context


def _distinct(field):
    return [
        value
        for value in AuditEvent.objects.order_by(field).values_list(field, flat=True).distinct()
        if value
    ]


class VerifyChainView(RoleRequiredMixin, View):
    """POST: check the whole chain (and the checkpoints) and say the result in a banner."""

    role = ROLES

    def post(self, request):
        level, text = verification()
        messages.add_message(request, level, text)
        return redirect("audit:log")


def verification():
    """(message level, what to tell the person) for the log as it stands."""
    started = time.monotonic()
    head = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0
    events = AuditEvent.objects.filter(id__lte=head).order_by("id")
    broken = first_broken_event(events)
    if broken is not None:
        event, why = broken
        return messages.ERROR, _(
            "The audit chain is broken at event #%(id)s (%(action)s, %(when)s): %(why)s. "
            "Tell the security officer; do not change anything until it is understood."
        ) % {"id": event.pk, "action": event.action, "when": _when(event.created_at), "why": why}
    count = events.count()
    checkpoints, problem = _checkpoints()
    if problem:
        return messages.ERROR, problem
    seconds = time.monotonic() - started
    if checkpoints:
        held = _(" It still holds every event that %(count)s checkpoints saw.") % {
            "count": checkpoints
        }
    else:
        held = _(
            " No checkpoint file is set up (NOMINA_AUDIT_CHECKPOINT_FILE), so newest events "
            "removed outright would not be noticed here."
        )
    return messages.SUCCESS, _(
        "The audit chain is intact: %(count)s events checked in %(seconds).2f seconds."
    ) % {"count": count, "seconds": seconds} + held


def _checkpoints():
    """(how many checkpoints verified, a problem or "")."""
    path = settings.NOMINA_AUDIT_CHECKPOINT_FILE
    if not path:
        return 0, ""
    try:
        checkpoints = read_checkpoints(path)
    except CommandError as error:
        return 0, str(error)
    for seen in sorted(checkpoints, key=lambda c: c["count"]):
        problem = checkpoint_problem(seen)
        if problem is not None:
            event_id, why = problem
            return 0, _("The audit log is broken at event #%(id)s: %(why)s.") % {
                "id": event_id,
                "why": why,
            }
    return len(checkpoints), ""


def _when(moment):
    return dateformat.format(timezone.localtime(moment), "j M Y H:i:s")
