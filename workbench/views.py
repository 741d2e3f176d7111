"""The Secretariat's pages. Thin views over the domain: no state change happens here."""

from django.db.models import Exists, OuterRef, Prefetch
from django.views.generic import ListView

from nominations.models import Call, Post
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_secretariat


class HomeView(RoleRequiredMixin, ListView):
    """The calls, newest deadline first, each with its posts, their status and deadline."""

    role = is_secretariat
    template_name = "workbench/home.html"
    context_object_name = "calls"

    def get_queryset(self):
        posts = Post.objects.order_by("id").only(
            "id", "call_id", "title", "duty_station", "grade", "status", "deadline", "deadline_date"
        )
        drafts = Post.objects.filter(call=OuterRef("pk"), status=Post.Status.DRAFT)
        return Call.objects.annotate(has_drafts=Exists(drafts)).prefetch_related(
            Prefetch("posts", queryset=posts)
        )

    def get_context_data(self, **kwargs):
        from portal.models import WithdrawalRequest
        from shortlisting.release_views import awaiting_release

        pending = WithdrawalRequest.objects.filter(status=WithdrawalRequest.Status.PENDING)
        # The banner of approved shortlists whose outcome some mission has not been told.
        waiting = [post for post in awaiting_release() if post.released_states < post.states]
        return super().get_context_data(
            pending_withdrawals=pending.count(), awaiting_release=waiting, **kwargs
        )
