"""The portal's forms: a nomination submitted electronically, a CV that follows, a
request to withdraw. The candidate's fields are the workbench's (intake_forms), so a
nomination reads the same whichever way it arrived."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Post
from web.forms import DateInputField
from workbench.intake_forms import NominationForm, post_label


def _megabytes():
    return settings.NOMINA_MAX_UPLOAD_BYTES // (1024 * 1024)


def takes_nominations(post):
    """Open, and before its deadline even if the sweep that closes it has not run yet."""
    return post.status == Post.Status.OPEN and (
        post.deadline is None or post.deadline > timezone.now()
    )


class NoteFields(forms.Form):
    """The mission's own note verbale: its reference, its date and its scan."""

    reference = forms.CharField(
        label=_("Your note verbale's reference"),
        help_text=_("As written on the note, for example NV/2026/114."),
        max_length=80,
        error_messages={"required": _("Enter the reference of your note verbale.")},
    )
    dated_on = DateInputField(
        label=_("Date of your note verbale"),
        help_text=_("The date written on the note, for example 27 10 2026."),
        error_messages={"required": _("Enter the date written on your note verbale.")},
    )
    scan = forms.FileField(
        label=_("The signed note verbale (PDF)"),
        help_text=_("A scan or a signed PDF, at most %(size)s MB."),
        error_messages={"required": _("Choose the file of your note verbale.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scan"].help_text = self.fields["scan"].help_text % {"size": _megabytes()}

    def clean_dated_on(self):
        dated_on = self.cleaned_data["dated_on"]
        if dated_on > timezone.localdate():
            raise ValidationError(_("The note cannot be dated in the future."))
        return dated_on


class SubmissionForm(NoteFields, NominationForm):
    """Nominate a candidate for ``post`` and, if the mission wishes, for other posts of
    the same call that still take nominations."""

    field_order = [
        "reference", "dated_on", "scan",
        "full_name", "nationality", "gender", "date_of_birth",
        "email", "phone", "postal_address", "languages",
        "posts", "cv",
    ]  # fmt: skip

    posts = forms.ModelMultipleChoiceField(
        label=_("Also nominated for (optional)"),
        help_text=_("Other posts of the same call that are open for nominations."),
        queryset=Post.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose posts from the list."),
            "invalid_pk_value": _("Choose posts from the list."),
        },
    )

    def __init__(self, *args, post, other_posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.post = post
        # Only these are valid choices: another call's post, or a closed one, is refused.
        self.fields["posts"].queryset = Post.objects.filter(
            pk__in=[p.pk for p in other_posts]
        ).select_related("call")
        self.fields["posts"].widget.choices = [(p.pk, post_label(p)) for p in other_posts]
        if not other_posts:
            del self.fields["posts"]
        self.fields["cv"].label = _("The candidate's CV (optional)")
        self.fields["cv"].help_text = _(
            "A PDF, DOCX or ODT file, at most %(size)s MB. If it is not ready, send the "
            "nomination now and upload the CV later from the nomination's page."
        ) % {"size": _megabytes()}
        self.fields["email"].label = _("The candidate's e-mail address (optional)")

    def clean_posts(self):
        others = list(self.cleaned_data.get("posts") or [])
        closed = [p.title for p in others if not takes_nominations(p)]
        if closed:
            raise ValidationError(
                _("These posts no longer take nominations: %(posts)s.")
                % {"posts": ", ".join(closed)}
            )
        return others

    def all_posts(self):
        return [self.post, *self.cleaned_data.get("posts", [])]


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("The candidate's CV"),
        help_text=_("A PDF, DOCX or ODT file, at most %(size)s MB."),
        error_messages={"required": _("Choose the CV to upload.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cv"].help_text = self.fields["cv"].help_text % {"size": _megabytes()}


class WithdrawalForm(NoteFields):
    message = forms.CharField(
        label=_("Message to the Secretariat (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
