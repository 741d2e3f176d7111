"""Form pieces every audience shares: the sign-in form and GOV.UK's date input."""

import datetime

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    """E-mail and password. The field keeps Django's name `username`, which django-axes
    reads to count failures per name (accounts/signin.py)."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is not right. Check both and try again."
        ),
        "inactive": _("This account is closed. Ask the Secretariat to open it again."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # AuthenticationForm sets the label from the user model; ours says what to type.
        self.fields["username"].label = _("E-mail address")
        self.fields["username"].max_length = 254


class GovukDateWidget(forms.MultiWidget):
    """Day, month and year in three boxes, as GOV.UK's date input asks."""

    PARTS = (("day", _("Day"), 2), ("month", _("Month"), 2), ("year", _("Year"), 4))

    def __init__(self, attrs=None, autocomplete=None):
        self.autocomplete = autocomplete  # e.g. ("bday-day", "bday-month", "bday-year")
        super().__init__([forms.TextInput(), forms.TextInput(), forms.TextInput()], attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [value.day, value.month, value.year]
        if isinstance(value, str) and value:
            try:
                date = datetime.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
            return [date.day, date.month, date.year]
        return [None, None, None]


class DateInputField(forms.MultiValueField):
    """A date typed as day, month and year, with errors a person understands."""

    widget = GovukDateWidget

    default_error_messages = {
        "incomplete": _("Enter a day, a month and a year."),
        "invalid": _("Enter a real date, for example 15 11 2023."),
    }

    def __init__(self, **kwargs):
        fields = [
            forms.IntegerField(min_value=1, max_value=31),
            forms.IntegerField(min_value=1, max_value=12),
            forms.IntegerField(min_value=1000, max_value=9999),
        ]
        kwargs.setdefault("require_all_fields", True)
        super().__init__(fields, **kwargs)

    def clean(self, value):
        try:
            return super().clean(value)
        except ValidationError as error:
            if any(e.code == "required" for e in error.error_list):
                raise
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def compress(self, data_list):
        if not data_list:
            return None
        day, month, year = data_list
        try:
            return datetime.date(year, month, day)
        except (TypeError, ValueError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
