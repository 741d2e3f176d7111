"""Issue the call: every draft post of a call at once, one note verbale per mission.

GET shows what will go out (the posts, how many missions, in which languages) and why a
post cannot be issued yet; POST calls `workflows.call_issue.issue_call`.
"""

from collections import Counter

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from nominations.models import Call, Post
from nominations.models.choices import Language
from web.permissions import RoleRequiredMixin
from workflows import transitions
from workflows.call_issue import issue_call
from workflows.errors import TransitionError
from workflows.permissions import is_secretariat


def _why_not(post, user):
    for offer in transitions.offered(post, user):
        if offer.name == "issue_call":
            return offer.why_not
    return _("your role may not issue it")


class CallIssueView(RoleRequiredMixin, TemplateView):
    role = is_secretariat
    template_name = "workbench/calls/call_issue.html"

    def get_call(self):
        return get_object_or_404(Call.objects.for_user(self.request.user), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        call = kwargs.get("call") or self.get_call()
        drafts = list(call.posts.filter(status=Post.Status.DRAFT).order_by("pk"))
        rows = [(post, _why_not(post, self.request.user)) for post in drafts]
        states = list(call.addressee_states().only("language", "contact_emails"))
        languages = Counter(state.language for state in states)
        context.update(
            call=call,
            rows=rows,
            issuable=bool(rows) and not any(why for _post, why in rows),
            missions=len(states),
            by_language=[
                (label, languages[code]) for code, label in Language.choices if languages[code]
            ],
            unaddressed=sum(1 for state in states if not state.contact_emails),
        )
        return context

    def post(self, request, *args, **kwargs):
        call = self.get_call()
        try:
            issued = issue_call(call, actor=request.user)
        except TransitionError as error:
            context = self.get_context_data(call=call, refusal=error.message)
            return self.render_to_response(context, status=409)
        messages.success(
            request,
            ngettext(
                "Call %(reference)s issued: %(posts)d post; a note verbale to each mission.",
                "Call %(reference)s issued: %(posts)d posts; a note verbale to each mission.",
                len(issued),
            )
            % {"reference": call.reference, "posts": len(issued)},
        )
        return redirect("workbench:call_dashboard", pk=call.pk)
