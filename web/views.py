"""Sign-in, sign-out and the door (`/`) that sends each role to its home."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from . import navigation
from .forms import SignInForm


class SignInView(auth_views.LoginView):
    template_name = "web/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        hours = settings.SESSION_COOKIE_AGE // 3600
        return super().get_context_data(session_hours=hours, **kwargs)


class SignOutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""

    next_page = reverse_lazy("web:sign-in")

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You have signed out."))
        return response


def home(request):
    if not request.user.is_authenticated:
        return redirect("web:sign-in")
    name = navigation.home_of(request.user)
    if name is None:
        if request.user.is_staff:
            return redirect("admin:index")
        raise PermissionDenied
    return redirect(name)
