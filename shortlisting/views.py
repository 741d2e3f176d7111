"""The executive office's shortlisting pages: the side by side of a post, the proposal,
its approval or sending back, and the exports. Thin views: every change is a service
call (workflows/shortlists.py, workflows/transitions.py, shortlisting/exports.py)."""

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView

from nominations.models import Nomination, Post, ShortlistProposal
from web.permissions import RoleRequiredMixin
from workflows import shortlists, transitions
from workflows.documents import download_response
from workflows.errors import TransitionError
from workflows.permissions import is_executive

from . import diversity, exports
from .models import Export
from .side_by_side import eligible_nominations, gather, rows


class ExecutivePage(RoleRequiredMixin):
    role = is_executive


def _posts(user):
    return Post.objects.for_user(user).select_related("call")


def _latest_proposal(post):
    """The pending proposal, else the last one decided (approved or sent back)."""
    return (
        ShortlistProposal.objects.filter(post=post)
        .select_related("proposed_by", "decided_by")
        .prefetch_related(Prefetch("nominations", queryset=Nomination.objects.only("pk")))
        .order_by("-created_at", "-id")
        .first()
    )


class SideBySideView(ExecutivePage, DetailView):
    template_name = "shortlisting/side_by_side.html"
    context_object_name = "post"

    def get_queryset(self):
        return _posts(self.request.user)

    def get_context_data(self, **kwargs):
        post = self.object
        proposal = _latest_proposal(post)
        shown = proposal if proposal and proposal.status != "sent_back" else None
        grid = gather(
            post, self.request.user, sort=self.request.GET.get("sort", ""), proposal=shown
        )
        field = [column.nomination for column in grid.columns]
        shortlist = [column.nomination for column in grid.columns if column.proposed]
        field_facts = diversity.facts(field, post)
        shortlist_facts = diversity.facts(shortlist, post) if shown else None
        return super().get_context_data(
            grid=grid,
            rows=rows(grid),
            proposal=proposal,
            field_facts=field_facts,
            shortlist_facts=shortlist_facts,
            chart_data={
                "field": _charts(field_facts),
                "shortlist": _charts(shortlist_facts) if shortlist_facts else None,
            },
            own_proposal=bool(
                proposal
                and proposal.status == "proposed"
                and proposal.proposed_by_id == self.request.user.pk
            ),
            exports=list(
                Export.objects.filter(post=post, requested_by=self.request.user).select_related(
                    "document"
                )[:4]
            ),
            export_kinds=Export.Kind.choices,
            **kwargs,
        )


def _charts(facts):
    return {
        "gender": facts.gender.chart,
        "nationality": facts.nationality.chart,
        "region": facts.region.chart,
    }


class ProposeView(ExecutivePage, DetailView):
    template_name = "shortlisting/propose.html"
    context_object_name = "post"

    def get_queryset(self):
        return _posts(self.request.user).filter(status=Post.Status.SHORTLISTING)

    def get_context_data(self, **kwargs):
        nominations = list(eligible_nominations(self.object).filter(status="eligible"))
        for nomination in nominations:
            nomination.first_tier = diversity.first_tier_rules(nomination, self.object)
        return super().get_context_data(nominations=nominations, **kwargs)

    def post(self, request, *args, **kwargs):
        self.object = post = self.get_object()
        chosen = {int(pk) for pk in request.POST.getlist("shortlisted") if pk.isdigit()}
        eligible = list(eligible_nominations(post).filter(status="eligible"))
        rationales = {n.pk: request.POST.get(f"rationale-{n.pk}", "") for n in eligible}
        try:
            shortlists.propose_shortlist(
                post,
                actor=request.user,
                nominations=[n for n in eligible if n.pk in chosen],
                comment=request.POST.get("comment", ""),
                rationales=rationales,
            )
        except TransitionError as error:
            context = self.get_context_data(
                refusal=error.message,
                missing={int(pk) for pk in error.field_errors.get("rationales", [])},
                chosen=chosen,
                rationales={str(k): v for k, v in rationales.items()},
            )
            return self.render_to_response(context, status=400 if error.kind == "invalid" else 409)
        messages.success(
            request, _("Shortlist proposed: another member approves it or sends it back.")
        )
        return redirect("shortlisting:side_by_side", pk=post.pk)


class DecisionView(ExecutivePage, View):
    """Approve (the post's approve_shortlist) or send back the pending proposal."""

    def post(self, request, pk, decision):
        post = get_object_or_404(_posts(request.user), pk=pk)
        try:
            if decision == "approve":
                transitions.take(post, "approve_shortlist", actor=request.user)
                messages.success(
                    request,
                    _("Shortlist approved: the Secretariat is told, and releases the outcome."),
                )
            else:
                shortlists.send_back(
                    post, actor=request.user, reason=request.POST.get("reason", "")
                )
                messages.success(request, _("Shortlist sent back to the executive office."))
        except TransitionError as error:
            messages.error(request, _("Not done: %(why)s") % {"why": error.message})
        return redirect("shortlisting:side_by_side", pk=post.pk)


class ExportCreateView(ExecutivePage, View):
    def post(self, request, pk):
        post = get_object_or_404(_posts(request.user), pk=pk)
        kind = request.POST.get("kind")
        if kind not in Export.Kind.values:
            messages.error(request, _("Choose an export."))
            return redirect("shortlisting:side_by_side", pk=post.pk)
        exports.request(post, kind, actor=request.user)
        return redirect(f"{post_url(post)}#exports")


def post_url(post):
    from django.urls import reverse

    return reverse("shortlisting:side_by_side", args=[post.pk])


def _own_export(request, pk):
    return get_object_or_404(
        Export.objects.select_related("document", "post"), pk=pk, requested_by=request.user
    )


class ExportStatusView(ExecutivePage, DetailView):
    """The export's row, polled by htmx until it is done or failed."""

    template_name = "shortlisting/_export.html"
    context_object_name = "export"

    def get_object(self, queryset=None):
        return _own_export(self.request, self.kwargs["pk"])


class ExportDownloadView(ExecutivePage, View):
    def get(self, request, pk):
        export = _own_export(request, pk)
        if export.document is None:
            return redirect("shortlisting:side_by_side", pk=export.post_id)
        return download_response(export.document, actor=request.user)
