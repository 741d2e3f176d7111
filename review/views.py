"""The executive office's pages. They come with the review issue; for now, its home."""

from django.views.generic import TemplateView

from nominations.models import Post
from web.permissions import RoleRequiredMixin
from workflows.permissions import is_executive


class HomeView(RoleRequiredMixin, TemplateView):
    role = is_executive
    template_name = "review/home.html"

    def get_context_data(self, **kwargs):
        posts = Post.objects.for_user(self.request.user)
        return super().get_context_data(
            in_shortlisting=posts.filter(status="shortlisting").count(), **kwargs
        )
