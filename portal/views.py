"""The mission portal. Its pages come with the portal issue; for now, the mission's home."""

from django.views.generic import TemplateView

from nominations.models import Nomination, Post
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_mission


class HomeView(RoleRequiredMixin, TemplateView):
    role = is_mission
    template_name = "portal/home.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            member_state=user.member_state,
            nominations=Nomination.objects.filter(member_state_id=user.member_state_id).count(),
            open_posts=Post.objects.for_user(user).filter(status="open").count(),
            **kwargs,
        )
