"""The forms of a call and of its posts, in the workbench.

The rules are the models': Post.clean (an issued call takes no new post) and
PostCompetency.clean (the level fits the kind, the framework entry is of that kind)
run through ModelForm validation; nothing here says them again.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nominations.models import Call, Competency, MemberState, Post, PostCompetency
from nominations.models.calls import Degree
from nominations.models.choices import POST_LANGUAGES
from web.forms import DateInputField
from workbench.list_filters import ByLabel
from workflows.deadlines import closing_instant

FIXED_ONCE_ISSUED = _(
    "Fixed once a post of the call has been issued: a post's deadline then moves only by "
    "extending it or reopening the post."
)
FIXED_ONCE_OPEN = _(
    "Fixed once the post has been issued: it moves only by extending the deadline or "
    "reopening the post, which tells the missions."
)


def _future_if_changed(form, name):
    """A deadline typed now must still be ahead; one kept from before may have passed."""
    value = form.cleaned_data.get(name)
    if value is not None and name in form.changed_data and closing_instant(value) <= timezone.now():
        raise ValidationError(_("The deadline must be today or later."), code="past")
    return value


class ReminderDaysField(forms.CharField):
    """Days before the deadline, typed as "14, 7, 1"; stored largest first."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(str(day) for day in value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        days = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit() or not 0 < int(part) <= 365:
                raise ValidationError(
                    _("Give whole numbers of days from 1 to 365, separated by commas."),
                    code="invalid",
                )
            days.append(int(part))
        return sorted(set(days), reverse=True)


class StateChoices(forms.ModelMultipleChoiceField):
    """Member states named and ordered in the page's language (as StateChoiceField)."""

    iterator = ByLabel

    def label_from_instance(self, obj):
        return obj.name


class CallForm(forms.ModelForm):
    issued_on = DateInputField(label=_("Date of issue"), required=False)
    deadline_date = DateInputField(
        label=_("Deadline"),
        required=False,
        help_text=_(
            "Nominations by this date; they close at midnight at the end of the day, Geneva "
            "time. Leave empty while the call states none."
        ),
    )
    addressees = forms.ChoiceField(
        label=_("Addressed to"),
        choices=[
            (Call.Addressees.MEMBERS, _("All member states")),
            (Call.Addressees.CHOSEN, _("Chosen member states")),
        ],
        widget=forms.RadioSelect,
    )
    addressed_states = StateChoices(
        label=_("Member states addressed"),
        queryset=MemberState.objects.order_by(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a call to chosen member states, such as a sponsored post."),
    )
    reminder_days = ReminderDaysField(
        label=_("Reminders (days before the deadline)"),
        required=False,
        help_text=_("For example 14, 7, 1. Left empty, reminders go 14, 7 and 1 days before."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = Call
        fields = [
            "reference", "title", "issued_on", "deadline_date", "place", "addressee_line",
            "enquiry_email", "addressees", "addressed_states", "reminder_days",
        ]  # fmt: skip
        labels = {
            "reference": _("Reference"),
            "title": _("Title"),
            "place": _("Place of issue"),
            "addressee_line": _("Addressee line"),
            "enquiry_email": _("Enquiry address"),
        }
        help_texts = {
            "reference": _("As on the note verbale, for example EO/821/2023."),
            "addressee_line": _(
                "As the note words it, for example: To: Permanent Representatives of Member "
                "States of the International Organization for Migration."
            ),
            "enquiry_email": _("Where the missions send their nominations and questions."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_issued:
            self.fields["deadline_date"].disabled = True
            self.fields["deadline_date"].help_text = FIXED_ONCE_ISSUED

    def clean_deadline_date(self):
        return _future_if_changed(self, "deadline_date")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("addressees") == Call.Addressees.MEMBERS:
            # The list is hidden then; whatever stayed ticked in it is not meant.
            cleaned["addressed_states"] = MemberState.objects.none()
        elif cleaned.get("addressees") == Call.Addressees.CHOSEN and not cleaned.get(
            "addressed_states"
        ):
            self.add_error(
                "addressed_states", _("Choose the member states the call is addressed to.")
            )
        return cleaned


class DutiesField(forms.CharField):
    """The duties as a list, one a line."""

    widget = forms.Textarea

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [line.strip() for line in text.splitlines() if line.strip()]


class PostForm(forms.ModelForm):
    duties = DutiesField(
        label=_("Duties"),
        required=False,
        help_text=_("One duty a line, in the call's order."),
        widget=forms.Textarea(attrs={"rows": 10}),
    )
    deadline_date = DateInputField(
        label=_("Deadline"),
        required=False,
        help_text=_("Leave empty to take the call's deadline."),
    )
    min_degree = forms.ChoiceField(
        label=_("Minimum degree"),
        choices=[
            (Degree.NONE, _("No degree required")),
            (Degree.BACHELORS, _("Bachelor's degree")),
            (Degree.MASTERS, _("Master's degree")),
            (Degree.DOCTORATE, _("Doctorate")),
        ],
    )
    min_years_experience = forms.IntegerField(
        label=_("Minimum years of experience"),
        min_value=0,
        max_value=60,
        initial=0,
        help_text=_("0 where the call states none."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    required_languages = forms.MultipleChoiceField(
        label=_("Required languages"),
        choices=POST_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    asset_languages = forms.MultipleChoiceField(
        label=_("Languages that are an asset"),
        choices=POST_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Post
        fields = [
            "title", "duty_station", "grade", "organizational_unit", "reports_to",
            "deadline_date", "background", "duties_intro", "duties", "other_requirements",
            "min_degree", "education", "min_years_experience", "experience",
            "required_languages", "asset_languages", "languages_text",
        ]  # fmt: skip
        labels = {
            "title": _("Post title"),
            "duty_station": _("Duty station"),
            "grade": _("Grade"),
            "organizational_unit": _("Organizational unit"),
            "reports_to": _("Reports to"),
            "background": _("Background"),
            "duties_intro": _("Introduction of the duties"),
            "other_requirements": _("Other requirements"),
            "education": _("Education, as the call words it"),
            "experience": _("Experience, as the call words it"),
            "languages_text": _("Languages, as the call words it"),
        }
        help_texts = {
            "duties_intro": _(
                "The sentence before the list, for example: In particular, she/he will:"
            ),
        }
        widgets = {
            "background": forms.Textarea(attrs={"rows": 8}),
            "duties_intro": forms.Textarea(attrs={"rows": 3}),
            "other_requirements": forms.Textarea(attrs={"rows": 4}),
            "education": forms.Textarea(attrs={"rows": 3}),
            "experience": forms.Textarea(attrs={"rows": 6}),
            "languages_text": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.status != Post.Status.DRAFT:
            self.fields["deadline_date"].disabled = True
            self.fields["deadline_date"].help_text = FIXED_ONCE_OPEN

    def clean_deadline_date(self):
        return _future_if_changed(self, "deadline_date")


LEVEL_CHOICES = [
    ("", _("Not stated (or a value)")),
    ("1", _("Level 1")),
    ("2", _("Level 2")),
    ("3", _("Level 3")),
]


class FrameworkChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.get_kind_display().lower()})"


class PostCompetencyForm(forms.ModelForm):
    level = forms.TypedChoiceField(
        label=_("Level"),
        choices=LEVEL_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
    )
    competency = FrameworkChoice(
        label=_("Framework entry whose indicators apply"),
        queryset=Competency.objects.order_by("position", "name"),
        required=False,
        empty_label=_("None"),
    )

    class Meta:
        model = PostCompetency
        fields = ["kind", "name", "description", "level", "competency"]
        labels = {"kind": _("Kind"), "name": _("Name"), "description": _("Description")}
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            ("", _("Choose a kind")),
            (Competency.Kind.VALUE, _("Value")),
            (Competency.Kind.CORE, _("Core competency")),
            (Competency.Kind.MANAGERIAL, _("Managerial competency")),
        ]


class BaseCompetencyFormSet(forms.BaseInlineFormSet):
    def get_queryset(self):
        return super().get_queryset().order_by("position", "id")

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove it from the post")


def competency_formset(extra=5):
    return forms.inlineformset_factory(
        Post,
        PostCompetency,
        form=PostCompetencyForm,
        formset=BaseCompetencyFormSet,
        extra=extra,
        can_delete=True,
    )
