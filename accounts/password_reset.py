"""Password reset by e-mail: Django's views and tokens, on our layout, the mail queued in
the outbox in the account's language.

The answer never tells whether an address has an account: the same page follows every
request, known, unknown or inactive (Django's form mails only active accounts with a
password). Requests are limited per e-mail address and per client (accounts/throttles.py)
before the address is looked up. The new password passes Django's validators.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from notifications.notes import wording
from workflows import audit

from . import throttles
from .mail import language_of_account, queue_mail


class ResetRequestForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={
            "required": _("Enter your e-mail address."),
            "invalid": _("Enter an e-mail address like name@example.org."),
        },
    )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, **kwargs
    ):
        """Queued in the outbox (never sent from the request), in the reader's language."""
        user = context["user"]
        language = language_of_account(user)
        path = reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        with transaction.atomic():
            queue_mail(
                "password_reset",
                user,
                language,
                {
                    "link": f"{context['protocol']}://{context['domain']}{path}",
                    "email": to_email,
                    "days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
                    "organization": wording.organization(language),
                },
            )
            audit.record(
                "account.password_reset_requested",
                actor=AnonymousUser(),
                obj=user,
                details={"email": user.email},
            )


class NewPasswordForm(SetPasswordForm):
    error_messages = {"password_mismatch": _("The two passwords are not the same.")}

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("New password")
        self.fields["new_password2"].label = _("The new password again")


def throttled(request):
    return render(request, "accounts/throttled.html", status=429)


class ResetRequestView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = ResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def post(self, request, *args, **kwargs):
        email = str(request.POST.get("email", "")).strip()
        if email and not throttles.password_reset_allowed(request, email):
            return throttled(request)
        return super().post(request, *args, **kwargs)


class ResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class ResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")

    def dispatch(self, *args, **kwargs):
        if not throttles.account_link_allowed(self.request):
            return throttled(self.request)
        return super().dispatch(*args, **kwargs)

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit.record(
                "account.password_reset",
                actor=self.user,
                obj=self.user,
                details={"email": self.user.email},
            )
        return response


class ResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
