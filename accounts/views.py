"""The invitation's one-time link: the invitee chooses a password and is signed in."""

from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.views import View

from web import navigation

from . import invitations, throttles
from .password_reset import NewPasswordForm, throttled


class InvitationView(View):
    template_name = "accounts/invitation.html"

    def dispatch(self, request, *args, **kwargs):
        if not throttles.account_link_allowed(request):
            return throttled(request)
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, token):
        invitation, problem = invitations.find(token)
        if problem is not None:
            return self.unusable(request, problem)
        return self.page(request, invitation, NewPasswordForm(invitation.user))

    def post(self, request, token):
        invitation, problem = invitations.find(token)
        if problem is not None:
            return self.unusable(request, problem)
        form = NewPasswordForm(invitation.user, request.POST)
        if not form.is_valid():
            return self.page(request, invitation, form, status=400)
        user, problem = invitations.accept(token, form.cleaned_data["new_password1"])
        if problem is not None:  # used meanwhile by a second submission
            return self.unusable(request, problem)
        login(request, user, backend="accounts.backends.RoleModelBackend")
        return redirect(navigation.home_of(user) or "web:home")

    def page(self, request, invitation, form, status=200):
        context = {"form": form, "invitee": invitation.user, "invitation": invitation}
        return render(request, self.template_name, context, status=status)

    def unusable(self, request, problem):
        status = 404 if problem == invitations.UNKNOWN else 410
        return render(
            request, "accounts/invitation_unusable.html", {"problem": problem}, status=status
        )
