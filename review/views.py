"""The executive office's home (the posts in shortlisting, where each one's shortlist
stands, and the shortlists approved) and a post's nominations."""

from django.db.models import Count, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from nominations.models import Nomination, Post, ShortlistProposal
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_executive

from . import conflicts
from .criteria import criteria_of
from .models import Assessment, ConflictDeclaration
from .visibility import excluded_ids

Status = Nomination.Status


class HomeView(RoleRequiredMixin, TemplateView):
    role = is_executive
    template_name = "review/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        pending = ShortlistProposal.objects.pending().filter(post=OuterRef("pk"))
        posts = (
            Post.objects.for_user(user)
            .filter(status=Post.Status.SHORTLISTING)
            .select_related("call")
            .annotate(
                to_screen=Count("nominations", filter=Q(nominations__status=Status.COMPLETE)),
                eligible=Count("nominations", filter=Q(nominations__status=Status.ELIGIBLE)),
                ineligible=Count("nominations", filter=Q(nominations__status=Status.INELIGIBLE)),
                # Four eyes: who proposed the shortlist waiting for a decision, if one does.
                proposed_by_id=Subquery(pending.values("proposed_by_id")[:1]),
                proposed_by_email=Subquery(pending.values("proposed_by__email")[:1]),
            )
            .order_by("call__reference", "title", "id")
        )
        posts = list(posts)
        approved = (
            Post.objects.for_user(user)
            .filter(status=Post.Status.SHORTLISTED)
            .select_related("call")
            .annotate(
                shortlisted=Count("nominations", filter=Q(nominations__status=Status.SHORTLISTED))
            )
            .order_by("-call__deadline_date", "call__reference", "title", "id")
        )
        rated = dict(
            Assessment.objects.filter(
                member=user,
                submitted_at__isnull=False,
                nomination__status=Status.ELIGIBLE,
                nomination__post__in=posts,
            )
            .values("nomination__post_id")
            .annotate(n=Count("id"))
            .values_list("nomination__post_id", "n")
        )
        for post in posts:
            post.rated_by_me = rated.get(post.pk, 0)
        return super().get_context_data(
            posts=posts, in_shortlisting=len(posts), approved=list(approved), **kwargs
        )


class PostView(RoleRequiredMixin, TemplateView):
    """A post's nominations for the executive office: each one's screening and the
    member's own conflict declaration and assessment."""

    role = is_executive
    template_name = "review/post.html"

    def get_context_data(self, pk, **kwargs):
        user = self.request.user
        post = get_object_or_404(Post.objects.for_user(user).select_related("call"), pk=pk)
        nominations = list(
            Nomination.objects.for_user(user)
            .filter(post=post)
            .select_related("candidate__nationality", "member_state")
            .annotate(checks=Count("criterion_checks", filter=Q(criterion_checks__is_asset=False)))
            .order_by("candidate__full_name", "id")
        )
        conflicts.note_exclusions(user, nominations)
        ids = [n.pk for n in nominations]
        declared = dict(
            ConflictDeclaration.objects.filter(member=user, nomination_id__in=ids).values_list(
                "nomination_id", "kind"
            )
        )
        own = dict(
            Assessment.objects.filter(member=user, nomination_id__in=ids).values_list(
                "nomination_id", "submitted_at"
            )
        )
        excluded = excluded_ids(user, ids)
        required = len([c for c in criteria_of(post) if not c.is_asset])
        for nomination in nominations:
            nomination.excluded = nomination.pk in excluded
            nomination.declared = declared.get(nomination.pk)
            nomination.has_assessment = nomination.pk in own
            nomination.submitted = own.get(nomination.pk) is not None
        return super().get_context_data(
            post=post, nominations=nominations, required=required, **kwargs
        )
