"""The executive office's forms: one criterion's finding, a conflict declaration, one
competency's rating. Each validates input only; the services in review/ decide."""

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .models import SCALE, ConflictDeclaration, CriterionCheck


def prefix_of(key):
    # A criterion key ("language:en") as a form prefix and HTML id part.
    return key.replace(":", "-")


class CheckForm(forms.Form):
    """One criterion's finding; left entirely empty, the criterion is left as it was."""

    finding = forms.ChoiceField(
        label=_("Finding"),
        choices=CriterionCheck.Finding.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    justification = forms.CharField(
        label=_("Why"),
        help_text=_("A sentence or two: what the CV shows."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )
    cv_reference = forms.CharField(
        label=_("Where in the CV"),
        help_text=_("For example: Education, page 1."),
        required=False,
        max_length=200,
    )
    override_reason = forms.CharField(
        label=_("Why an unclear finding does not block the decision (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, criterion, **kwargs):
        super().__init__(*args, prefix=prefix_of(criterion.key), **kwargs)
        self.criterion = criterion

    @property
    def is_blank(self):
        data = self.cleaned_data
        return not any(data.get(name) for name in self.fields)

    def clean(self):
        data = super().clean()
        if any(data.get(name) for name in self.fields) and not data.get("finding"):
            self.add_error("finding", _("Choose met, not met or unclear."))
        if data.get("finding") and not (data.get("justification") or "").strip():
            self.add_error("justification", _("Say briefly why."))
        if data.get("override_reason") and data.get("finding") != CriterionCheck.Finding.UNCLEAR:
            self.add_error("override_reason", _("Only an unclear finding is overridden."))
        return data


class ConflictForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this candidate?"),
        choices=[
            (ConflictDeclaration.Kind.NONE, _("No conflict of interest")),
            (ConflictDeclaration.Kind.WORKED_WITH, _("I have worked for or with the candidate")),
            (ConflictDeclaration.Kind.OTHER, _("Another conflict of interest")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you have a conflict of interest.")},
    )
    note = forms.CharField(
        label=_("What the conflict is"),
        help_text=_("Required for a conflict: when, where and how."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") not in (None, ConflictDeclaration.Kind.NONE)
            and not (data.get("note") or "").strip()
        ):
            self.add_error("note", _("Say what the conflict is."))
        return data


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[(score, format_lazy("{}: {}", score, label)) for score, label in SCALE],
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args, post_competency, **kwargs):
        super().__init__(*args, prefix=f"pc-{post_competency.pk}", **kwargs)
        self.post_competency = post_competency
        self.fields["score"].label = _("Your rating: %(name)s") % {"name": post_competency.name}
        self.fields["comment"].label = _("Comment on %(name)s") % {"name": post_competency.name}
