"""The admin site mounted at /admin/: for superusers and the Secretariat, nobody else.

DESIGN §1: the executive office, the auditor and the missions have no admin
access, whatever their account's ``is_staff`` says. ``is_staff`` still has
Django's meaning on top of that: an account without it does not get in.
"""

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from workflows.permissions import is_secretariat


def may_use_admin(user):
    return bool(user.is_active and user.is_staff and (user.is_superuser or is_secretariat(user)))


class AdminLoginForm(AdminAuthenticationForm):
    # The same words for a wrong password and for an account without admin access,
    # so that the form does not confirm a password to someone it will not let in.
    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "invalid_login": (
            "Please enter the correct %(username)s and password of a Secretariat or "
            "administrator account. Other accounts have no access to the administration."
        ),
    }

    def confirm_login_allowed(self, user):
        AuthenticationForm.confirm_login_allowed(self, user)
        if not may_use_admin(user):
            raise ValidationError(
                self.error_messages["invalid_login"],
                code="invalid_login",
                params={"username": self.username_field.verbose_name},
            )


class NominaAdminSite(admin.AdminSite):
    site_header = "Nomina administration"
    site_title = "Nomina"
    login_form = AdminLoginForm

    def has_permission(self, request):
        return may_use_admin(request.user)

    def adopt(self, other):
        """Register here every model registered on ``other`` (the default site, where
        the apps' admin modules and third-party apps register), with the same class."""
        for model, model_admin in other._registry.items():
            if not self.is_registered(model):
                self.register(model, type(model_admin))


site = NominaAdminSite(name="admin")
# Imported from config/urls.py, once every app's admin module has registered.
site.adopt(admin.site)
