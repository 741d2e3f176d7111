"""The form that logs an incoming note verbale and the nominations it carries."""

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate, MemberState, NoteVerbale, Post
from nominations.models.candidates import identity_key
from nominations.models.choices import Language
from web.forms import DateInputField
from workflows.deadlines import seat_zone
from workflows.intake import LOGGABLE

from .list_filters import StateChoiceField

CHANNELS = [
    (NoteVerbale.Channel.EMAIL, _("By e-mail")),
    (NoteVerbale.Channel.HAND, _("By hand")),
    (NoteVerbale.Channel.POST, _("By post")),
]
GENDERS = [
    (Candidate.Gender.FEMALE, _("Female")),
    (Candidate.Gender.MALE, _("Male")),
    (Candidate.Gender.OTHER, _("Other")),
    (Candidate.Gender.UNDISCLOSED, _("Not stated")),
]


def _day(date):
    return date_format(date, "DATE_FORMAT")


def geneva_instant(day, time):
    """The instant of a wall-clock time in Geneva, or ValidationError if that time never
    happened there (the hour skipped when summer time begins).

    In the hour repeated when summer time ends the earlier one (summer time) is taken:
    deadlines close at midnight, so the choice never makes a note late or on time.
    """
    zone = seat_zone()
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    back = moment.astimezone(datetime.UTC).astimezone(zone)
    if back.replace(tzinfo=None) != moment.replace(tzinfo=None):
        raise ValidationError(
            _(
                "%(time)s did not exist in Geneva on %(day)s: the clocks went forward an "
                "hour that night. Check the time on the note's record of arrival."
            ),
            code="nonexistent",
            params={"time": time.strftime("%H:%M"), "day": _day(day)},
        )
    return moment


class NoteForm(forms.Form):
    member_state = StateChoiceField(
        label=_("Member state"),
        queryset=MemberState.objects.order_by(),
        empty_label=_("Choose a member state"),
        error_messages={"required": _("Choose the member state that sent the note.")},
    )
    reference = forms.CharField(
        label=_("The mission's reference"),
        help_text=_("As written on the note, for example NV/2023/114."),
        max_length=80,
        required=False,
    )
    dated_on = DateInputField(
        label=_("Date of the note"),
        help_text=_("The date written on the note, for example 27 10 2023."),
        error_messages={"required": _("Enter the date written on the note.")},
    )
    received_on = DateInputField(
        label=_("Date it arrived"),
        help_text=_("For example 3 11 2023."),
        error_messages={"required": _("Enter the date the note arrived.")},
    )
    received_time = forms.TimeField(
        label=_("Time it arrived, in Geneva time"),
        help_text=_(
            "24-hour clock, Geneva time (CET or CEST, as the clocks in Geneva showed), "
            "for example 16:45."
        ),
        input_formats=["%H:%M", "%H.%M", "%H:%M:%S"],
        error_messages={
            "required": _("Enter the time the note arrived, in Geneva time."),
            "invalid": _("Enter the time as hours and minutes, for example 16:45."),
        },
        widget=forms.TimeInput(format="%H:%M", attrs={"inputmode": "numeric"}),
    )
    channel = forms.ChoiceField(
        label=_("How it arrived"),
        choices=CHANNELS,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the note arrived.")},
    )
    scan = forms.FileField(
        label=_("Scan of the note (optional)"),
        help_text=_("A PDF, DOCX or ODT file, at most %(size)s MB."),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        megabytes = settings.NOMINA_MAX_UPLOAD_BYTES // (1024 * 1024)
        self.fields["scan"].help_text = self.fields["scan"].help_text % {"size": megabytes}

    def clean(self):
        data = super().clean()
        day, time = data.get("received_on"), data.get("received_time")
        if day is None or time is None:
            return data
        try:
            data["received_at"] = geneva_instant(day, time)
        except ValidationError as error:
            self.add_error("received_time", error)
            return data
        if data["received_at"] > timezone.now():
            self.add_error(
                "received_on", _("The note cannot have arrived in the future. Check the date.")
            )
        dated_on = data.get("dated_on")
        if dated_on is not None and dated_on > day:
            self.add_error("dated_on", _("The note cannot be dated after the day it arrived."))
        return data

    def check_calls_issued(self, posts):
        """The arrival cannot precede the issue of the call of any post chosen."""
        received_on = self.cleaned_data.get("received_on")
        if received_on is None or "received_at" not in self.cleaned_data:
            return True
        for call in {post.call for post in posts}:
            if call.issued_on is not None and received_on < call.issued_on:
                self.add_error(
                    "received_on",
                    _(
                        "The note cannot have arrived before call %(call)s was issued on "
                        "%(issued)s. Check the date it arrived."
                    )
                    % {"call": call.reference, "issued": _day(call.issued_on)},
                )
                return False
        return True


def post_label(post):
    deadline = _day(post.deadline_date) if post.deadline_date else _("no deadline")
    state = _(" — closed") if post.status == Post.Status.CLOSED else ""
    return f"{post.title} ({post.call.reference}, {_('deadline')} {deadline}){state}"


def loggable_posts():
    """The posts a note can nominate for, as (id, label), read once for every form."""
    posts = Post.objects.filter(status__in=LOGGABLE).select_related("call")
    return [(post.pk, post_label(post)) for post in posts.order_by("call__reference", "id")]


REFUSED = {
    Post.Status.DRAFT: _("%(post)s takes no nominations: call %(call)s has not been issued."),
    Post.Status.CANCELLED: _("%(post)s was cancelled: it takes no nominations."),
    Post.Status.SHORTLISTING: _("%(post)s takes no more nominations: its shortlisting has begun."),
    Post.Status.SHORTLISTED: _("%(post)s takes no more nominations: its shortlist is approved."),
}


class NominationForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter the candidate's full name.")},
    )
    nationality = StateChoiceField(
        label=_("Nationality"),
        queryset=MemberState.objects.order_by(),
        empty_label=_("Choose a nationality"),
        error_messages={"required": _("Choose the candidate's nationality.")},
    )
    gender = forms.ChoiceField(
        label=_("Gender"),
        choices=GENDERS,
        initial=Candidate.Gender.UNDISCLOSED,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the candidate's gender, or 'Not stated'.")},
    )
    email = forms.EmailField(
        label=_("E-mail address (optional)"),
        required=False,
        error_messages={"invalid": _("Enter an e-mail address like name@example.org.")},
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Telephone (optional)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    postal_address = forms.CharField(
        label=_("Postal address (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    date_of_birth = DateInputField(label=_("Date of birth (optional)"), required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages (optional)"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    posts = forms.ModelMultipleChoiceField(
        label=_("Nominated for"),
        help_text=_("One or several posts."),
        queryset=Post.objects.select_related("call"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one post."),
            "invalid_choice": _("Choose posts from the list."),
            "invalid_pk_value": _("Choose posts from the list."),
        },
    )
    cv = forms.FileField(
        label=_("CV (optional)"),
        help_text=_("A PDF, DOCX or ODT file. Leave it empty if the CV is to follow."),
        required=False,
    )

    def __init__(self, *args, post_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        # Every post is accepted by the field, so that a post that stopped taking
        # nominations since the page was drawn gets its own message, not "invalid choice".
        self.fields["posts"].widget.choices = post_choices

    def clean_posts(self):
        posts = list(self.cleaned_data["posts"])
        for post in posts:
            if post.status not in LOGGABLE:
                raise ValidationError(
                    REFUSED[post.status] % {"post": post.title, "call": post.call.reference}
                )
        return posts

    def identity(self):
        data = self.cleaned_data
        return identity_key(data["full_name"], data.get("email"), data.get("date_of_birth"))


class BaseNominationFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Enter the candidate the note nominates."),
        "too_many_forms": _("Log at most %(num)d nominations from one note."),
    }

    def clean(self):
        if any(self.errors):
            return
        seen = {}
        for form in self.forms:
            if not form.cleaned_data:  # an added form left empty
                continue
            identity = form.identity()
            for post in form.cleaned_data["posts"]:
                if (identity, post.pk) in seen:
                    form.add_error(
                        "full_name",
                        _("This note already nominates %(name)s for %(post)s above.")
                        % {"name": form.cleaned_data["full_name"], "post": post.title},
                    )
                    return
                seen[(identity, post.pk)] = form


NominationFormSet = forms.formset_factory(
    NominationForm,
    formset=BaseNominationFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=20,
    validate_max=True,
)
