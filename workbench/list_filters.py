"""The filter forms of the workbench's lists and of the audit page (django-filter).

As in the API (api/filters.py), every id filter chooses among the objects the requesting
user may see: an id outside their scope is refused exactly as a missing one is. A list
whose filters do not validate shows the errors and no rows, never an unfiltered list.
"""

import datetime

import django_filters as filters
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from accounts import roles
from nominations.models import Call, MemberState, Nomination, NoteVerbale, Post
from nominations.models.candidates import normalise_name
from nominations.models.member_states import sorted_by_name
from notifications import delivery
from notifications.models import OutgoingMessage
from web.forms import DateInputField
from web.html import escaped
from workflows.models import AuditEvent

YES_NO = (("yes", _("Yes")), ("no", _("No")))


class ByLabel(forms.models.ModelChoiceIterator):
    """The options in the order of their text, as a reader of the page's language sorts
    it (member states: a few hundred at most)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from sorted_by_name(map(self.choice, self.queryset), name=lambda choice: choice[1])


class LabelledChoiceField(forms.ModelChoiceField):
    """A model choice whose option text is given by `label`, not the model's __str__."""

    def __init__(self, *args, label_from=str, **kwargs):
        self._label_from = label_from
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return self._label_from(obj)


class StateChoiceField(forms.ModelChoiceField):
    """A member state, named in the page's language and offered in the order of those
    names: every form and filter that asks for one."""

    iterator = ByLabel

    def label_from_instance(self, obj):
        return obj.name


class LabelledChoiceFilter(filters.ModelChoiceFilter):
    field_class = LabelledChoiceField


class StateChoiceFilter(filters.ModelChoiceFilter):
    field_class = StateChoiceField


class DateFilter(filters.DateFilter):
    """A day typed in GOV.UK's three boxes; compared in the Secretariat's time zone."""

    field_class = DateInputField


def _start_of(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _from_day(queryset, name, day):
    return queryset.filter(**{f"{name}__gte": _start_of(day)}) if day else queryset


def _to_day(queryset, name, day):
    # Up to the end of that day: before the start of the next.
    if not day:
        return queryset
    return queryset.filter(**{f"{name}__lt": _start_of(day + datetime.timedelta(days=1))})


# The choices read only what their options show: a post's terms of reference or a state's
# contact addresses would be loaded for each of a few hundred options on every request.
def visible_calls(request):
    return (
        Call.objects.for_user(request.user)
        .only("id", "reference")
        .order_by("-deadline_date", "reference")
    )


def visible_posts(request):
    return (
        Post.objects.for_user(request.user)
        .select_related("call")
        .only("id", "title", "call__reference")
        .order_by("call__reference", "title", "id")
    )


def member_states(request):
    # In the order of their names in the page's language: StateChoiceField sorts them.
    return MemberState.objects.only("id", "code", "name_en", "name_fr", "name_es").order_by()


def _post_label(post):
    return f"{post.call.reference}: {post.title}"


def _search_terms(value):
    return (value or "").strip()[:100]


class LeanSelect(forms.Select):
    """Django's select written out in Python: the HTML of web/widgets/select.html without
    a template node per option (a list's filters carry a few hundred: states, posts,
    calls, on every request)."""

    template_name = "web/widgets/select.html"

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        lines = [f'<select name="{escaped(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                lines.append(f'\n  <optgroup label="{escaped(group_name)}">')
            lines += [
                f'\n  <option value="{escaped(str(option["value"]))}"'
                f"{' selected' if option['selected'] else ''}>{escaped(option['label'])}</option>"
                for option in options
            ]
            if group_name:
                lines.append("\n  </optgroup>")
        lines.append("\n</select>")
        return mark_safe("".join(lines))  # every value escaped


def _attrs(attrs):
    """As django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {escaped(name)}" if value is True else f' {escaped(name)}="{escaped(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


class BoundedFilterSet(filters.FilterSet):
    """Rows only when every filter validates."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for item in self.filters.values():
            if item.field_class.widget is forms.Select and "widget" not in item.extra:
                item.extra["widget"] = LeanSelect

    @property
    def rows(self):
        return self.qs if self.is_valid() else self.queryset.none()


def member_state_filter():
    """A member state chosen by its code, named in the page's language, in the order of
    those names: every list filters by it."""
    return StateChoiceFilter(
        queryset=member_states,
        to_field_name="code",
        label=_("Member state"),
        empty_label=_("Any"),
    )


class NominationListFilter(BoundedFilterSet):
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Part of the candidate's name or of the note's reference"),
    )
    call = LabelledChoiceFilter(
        field_name="post__call", queryset=visible_calls, label=_("Call"), empty_label=_("Any")
    )
    post = LabelledChoiceFilter(
        queryset=visible_posts, label=_("Post"), empty_label=_("Any"), label_from=_post_label
    )
    status = filters.ChoiceFilter(
        choices=Nomination.Status.choices, label=_("State"), empty_label=_("Any")
    )
    member_state = member_state_filter()
    late = filters.ChoiceFilter(
        choices=YES_NO, method="filter_late", label=_("Late"), empty_label=_("Any")
    )
    missing_cv = filters.ChoiceFilter(
        choices=YES_NO, method="filter_missing_cv", label=_("Missing a CV"), empty_label=_("Any")
    )
    other_states = filters.ChoiceFilter(
        choices=YES_NO,
        method="filter_other_states",
        label=_("Also nominated by another state"),
        empty_label=_("Any"),
    )

    class Meta:
        model = Nomination
        fields = []

    def search(self, queryset, name, value):
        terms = _search_terms(value)
        if not terms:
            return queryset
        return queryset.filter(
            Q(candidate__normalised_name__contains=normalise_name(terms))
            | Q(note_verbale__reference__icontains=terms)
        )

    def filter_late(self, queryset, name, value):
        return queryset.filter(is_late=value == "yes") if value else queryset

    def filter_missing_cv(self, queryset, name, value):
        # `has_cv` is annotated by the list's query (workbench/lists.py).
        return queryset.filter(has_cv=value != "yes") if value else queryset

    def filter_other_states(self, queryset, name, value):
        # `other_states`, too (workbench/lists.py).
        return queryset.filter(other_states=value == "yes") if value else queryset


class NoteListFilter(BoundedFilterSet):
    q = filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Part of the note's reference or of a candidate's name"),
    )
    direction = filters.ChoiceFilter(
        choices=NoteVerbale.Direction.choices, label=_("Direction"), empty_label=_("Any")
    )
    channel = filters.ChoiceFilter(
        choices=NoteVerbale.Channel.choices, label=_("Channel"), empty_label=_("Any")
    )
    member_state = member_state_filter()
    call = LabelledChoiceFilter(queryset=visible_calls, label=_("Call"), empty_label=_("Any"))
    received_from = DateFilter(
        field_name="received_at", method="from_day", label=_("Received from")
    )
    received_to = DateFilter(field_name="received_at", method="to_day", label=_("Received to"))

    class Meta:
        model = NoteVerbale
        fields = []

    def search(self, queryset, name, value):
        terms = _search_terms(value)
        if not terms:
            return queryset
        carries = Nomination.objects.filter(
            note_verbale=OuterRef("pk"), candidate__normalised_name__contains=normalise_name(terms)
        )
        return queryset.filter(Q(reference__icontains=terms) | Exists(carries))

    def from_day(self, queryset, name, value):
        return _from_day(queryset, name, value)

    def to_day(self, queryset, name, value):
        return _to_day(queryset, name, value)


ROLE_CHOICES = (
    (roles.SECRETARIAT, _("Secretariat")),
    (roles.MISSION, _("Mission")),
    (roles.EXECUTIVE, _("Executive office")),
    (roles.AUDITOR, _("Auditor")),
)


class AuditLogFilter(BoundedFilterSet):
    object_type = filters.ChoiceFilter(label=_("Object type"), empty_label=_("Any"))
    object_id = filters.CharFilter(label=_("Object id"), max_length=40)
    action = filters.ChoiceFilter(label=_("Action"), empty_label=_("Any"))
    actor = filters.CharFilter(
        field_name="actor_label",
        lookup_expr="iexact",
        label=_("Actor's e-mail address"),
        max_length=254,
    )
    actor_role = filters.ChoiceFilter(
        choices=ROLE_CHOICES, label=_("Actor's role"), empty_label=_("Any")
    )
    created_from = DateFilter(field_name="created_at", method="from_day", label=_("From"))
    created_to = DateFilter(field_name="created_at", method="to_day", label=_("To"))

    class Meta:
        model = AuditEvent
        fields = []

    def __init__(self, *args, object_types=(), actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["object_type"].choices = [("", _("Any"))] + [(t, t) for t in object_types]
        self.form.fields["action"].choices = [("", _("Any"))] + [(a, a) for a in actions]

    def from_day(self, queryset, name, value):
        return _from_day(queryset, name, value)

    def to_day(self, queryset, name, value):
        return _to_day(queryset, name, value)


NEEDS_DECISION = "needs_decision"
# The kinds of outgoing message as the Secretariat names them: the notes verbales' kinds
# and the e-mails that carry no note; another kind shows as written.
MESSAGE_KINDS = {
    **dict(NoteVerbale.Kind.choices),
    "report": _("Deadline report"),
    "deadline_report": _("Deadline report"),
    "invitation": _("Invitation of a focal point"),
    "password_reset": _("Password reset link"),
    "shortlist_approved": _("Shortlist approved"),
}


def kind_label(kind):
    return MESSAGE_KINDS.get(kind, kind.replace("_", " ").capitalize())


class OutboxFilter(BoundedFilterSet):
    status = filters.ChoiceFilter(
        choices=[
            (NEEDS_DECISION, _("Needs a decision")),
            *OutgoingMessage.Status.choices,
        ],
        method="filter_status",
        label=_("Status"),
        empty_label=_("Any"),
    )
    kind = filters.ChoiceFilter(label=_("Kind"), empty_label=_("Any"))
    member_state = member_state_filter()
    created_from = DateFilter(field_name="created_at", method="from_day", label=_("Written from"))
    created_to = DateFilter(field_name="created_at", method="to_day", label=_("Written to"))

    class Meta:
        model = OutgoingMessage
        fields = []

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["kind"].choices = [("", _("Any"))] + [(k, kind_label(k)) for k in kinds]

    def filter_status(self, queryset, name, value):
        if value == NEEDS_DECISION:
            return queryset.filter(pk__in=delivery.needs_decision().values("pk"))
        return queryset.filter(status=value) if value else queryset

    def from_day(self, queryset, name, value):
        return _from_day(queryset, name, value)

    def to_day(self, queryset, name, value):
        return _to_day(queryset, name, value)
