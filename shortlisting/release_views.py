"""The Secretariat's side of a shortlist: the approved shortlists whose outcome waits to
be released, and per post the nominating states with "Release the outcome" (one or all).
A release is shortlisting/release.py; no rating, reviewer or rationale is shown here."""

from django.contrib import messages
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import DetailView, ListView

from nominations.models import MemberState, Post
from nominations.models.member_states import name_order
from web.permissions import RoleRequiredMixin
from workflows.errors import TransitionError
from workflows.permissions import is_secretariat

from . import release
from .models import OutcomeRelease


def awaiting_release():
    """Shortlisted posts, each with how many nominating states it has and how many have
    been told: the workbench's list (and its banner, for those not all told)."""
    settled = Q(nominations__status__in=["shortlisted", "not_shortlisted"])
    released = (
        OutcomeRelease.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Post.objects.filter(status=Post.Status.SHORTLISTED)
        .annotate(
            states=Count("nominations__member_state", filter=settled, distinct=True),
            released_states=Coalesce(Subquery(released), 0),
        )
        .select_related("call")
        .order_by("call__reference", "id")
    )


class OutcomeListView(RoleRequiredMixin, ListView):
    role = is_secretariat
    template_name = "shortlisting/outcomes/list.html"
    context_object_name = "posts"

    def get_queryset(self):
        return awaiting_release()


class PostOutcomeView(RoleRequiredMixin, DetailView):
    role = is_secretariat
    template_name = "shortlisting/outcomes/post.html"
    context_object_name = "post"

    def get_queryset(self):
        return Post.objects.filter(status=Post.Status.SHORTLISTED).select_related("call")

    def get_context_data(self, **kwargs):
        post = self.object
        releases = {
            row.member_state_id: row
            for row in OutcomeRelease.objects.filter(post=post).select_related("released_by")
        }
        states = list(
            release.nominating_states(post)
            .annotate(
                shortlisted=Count(
                    "nominations",
                    filter=Q(nominations__post=post, nominations__status="shortlisted"),
                ),
                not_shortlisted=Count(
                    "nominations",
                    filter=Q(nominations__post=post, nominations__status="not_shortlisted"),
                ),
            )
            .order_by(name_order())
        )
        for state in states:
            state.release = releases.get(state.pk)
        return super().get_context_data(
            states=states, pending=sum(1 for s in states if s.release is None), **kwargs
        )

    def post(self, request, *args, **kwargs):
        post = self.get_object()
        code = request.POST.get("member_state", "")
        try:
            if code == "all":
                rows = release.release(post, actor=request.user)
            else:
                state = MemberState.objects.filter(code=code).first()
                if state is None:
                    raise TransitionError(TransitionError.INVALID, _("Choose a member state."))
                rows = release.release(post, actor=request.user, member_states=[state])
        except TransitionError as error:
            messages.error(request, _("Not released: %(why)s") % {"why": error.message})
            return redirect("outcomes:post", pk=post.pk)
        messages.success(
            request,
            ngettext(
                "Outcome released to %(n)d mission; a note verbale tells it.",
                "Outcome released to %(n)d missions; a note verbale tells each.",
                len(rows),
            )
            % {"n": len(rows)},
        )
        return redirect("outcomes:post", pk=post.pk)
