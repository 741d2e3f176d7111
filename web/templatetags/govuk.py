"""Django forms and values in GOV.UK Frontend markup.

    {% load govuk %}
    {% error_summary form %}                       every error, each linking to its field
    {% field form.email %}                         label, hint, error message and the control
    {% field form.reason label_size="m" classes="govuk-input--width-20" %}
    {% status_tag post.status %}                   a coloured tag for a state
    {% pagination page_obj %}                      previous / numbers / next, keeping the query

The control is chosen from the field's widget: text-like inputs, select, textarea,
a single checkbox, checkboxes and radios (fieldset with legend), a file upload and
GOV.UK's date input (web.forms.DateInputField). A field's `help_text` is its hint.
"""

from django import forms, template
from django.utils.translation import gettext_lazy as _

from web.forms import GovukDateWidget

register = template.Library()

# State → tag colour. States not named here get the plain (brand) tag.
TAG_COLOURS = {
    "draft": "grey",
    "open": "green",
    "closed": "orange",
    "shortlisting": "blue",
    "shortlisted": "purple",
    "cancelled": "red",
    "received": "light-blue",
    "incomplete": "yellow",
    "complete": "green",
    "late": "orange",
    "rejected": "red",
    "withdrawn": "grey",
    "ineligible": "red",
    "eligible": "green",
    "not_shortlisted": "grey",
    # Outgoing messages (the outbox).
    "queued": "grey",
    "sending": "yellow",
    "sent": "blue",
    "delivered": "green",
    "failed": "red",
    "bounced": "pink",
}


@register.inclusion_tag("web/includes/error_summary.html")
def error_summary(form):
    errors = []
    if form.errors:
        first = next(iter(form), None)
        anchor = error_anchor(first) if first is not None else "main-content"
        errors += [(message, anchor) for message in form.non_field_errors()]
        for bound_field in form:
            errors += [(message, error_anchor(bound_field)) for message in bound_field.errors]
    return {"errors": errors}


def error_anchor(bound_field):
    # Radios, checkboxes and the date input have no single label target: link to the
    # first of their inputs, as GOV.UK's error summary does.
    return bound_field.id_for_label or f"{bound_field.auto_id}_0"


def _kind(widget):
    if isinstance(widget, GovukDateWidget):
        return "date"
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.FileInput):
        return "file"
    return "input"


CONTROL_CLASS = {
    "input": "govuk-input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "file": "govuk-file-upload",
    "checkbox": "govuk-checkboxes__input",
}


@register.inclusion_tag("web/includes/field.html")
def field(bound_field, label_size="", classes="", hint=""):
    kind = _kind(bound_field.field.widget)
    hint = hint or bound_field.help_text
    described_by = []
    if hint:
        described_by.append(f"{bound_field.auto_id}-hint")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}-error")
    attrs = {}
    if kind in CONTROL_CLASS:
        css = [CONTROL_CLASS[kind], classes]
        if bound_field.errors and kind != "checkbox":
            css.append(f"{CONTROL_CLASS[kind]}--error")
        attrs["class"] = " ".join(filter(None, css))
    if described_by and kind not in ("checkboxes", "radios", "date"):
        attrs["aria-describedby"] = " ".join(described_by)
    context = {
        "field": bound_field,
        "kind": kind,
        "hint": hint,
        "label_size": label_size,
        "described_by": " ".join(described_by),
    }
    if kind == "date":
        context["parts"] = _date_parts(bound_field)
    elif kind not in ("checkboxes", "radios"):
        context["control"] = bound_field.as_widget(attrs=attrs)
    return context


def _date_parts(bound_field):
    widget = bound_field.field.widget
    values = (
        widget.decompress(bound_field.value())
        if not isinstance(bound_field.value(), list)
        else bound_field.value()
    )
    parts = []
    for index, (name, label, width) in enumerate(GovukDateWidget.PARTS):
        css = f"govuk-input govuk-date-input__input govuk-input--width-{width}"
        if bound_field.errors:
            css += " govuk-input--error"
        parts.append(
            {
                "id": f"{bound_field.auto_id}_{index}",
                "name": f"{bound_field.html_name}_{index}",
                "label": label,
                "value": values[index] if values and values[index] is not None else "",
                "classes": css,
                "inputmode": "numeric",
                "autocomplete": widget.autocomplete[index] if widget.autocomplete else "",
                "name_part": name,
            }
        )
    return parts


def state_label(state):
    """A post's or a nomination's state in words, in the page's language."""
    from nominations.models import Nomination, Post

    labels = {**dict(Post.Status.choices), **dict(Nomination.Status.choices)}
    labels[Nomination.Status.NOT_SHORTLISTED] = _("Not shortlisted")
    label = labels.get(str(state))
    return str(label) if label is not None else str(state).replace("_", " ").capitalize()


@register.inclusion_tag("web/includes/status_tag.html")
def status_tag(state, label=""):
    return {"colour": TAG_COLOURS.get(str(state), ""), "label": label or state_label(state)}


@register.filter
def state_name(member_state):
    """A member state's official name in the page's language (the reference data's)."""
    return member_state.name if member_state is not None else ""


@register.inclusion_tag("web/includes/pagination.html", takes_context=True)
def pagination(context, page_obj, parameter="page"):
    request = context["request"]

    def url(number):
        query = request.GET.copy()
        query[parameter] = number
        return f"?{query.urlencode()}"

    paginator = page_obj.paginator
    numbers = []
    for number in paginator.get_elided_page_range(page_obj.number, on_each_side=1, on_ends=1):
        if number == paginator.ELLIPSIS:
            numbers.append({"ellipsis": True})
        else:
            numbers.append(
                {"number": number, "url": url(number), "current": number == page_obj.number}
            )
    return {
        "page_obj": page_obj,
        "numbers": numbers if paginator.num_pages > 1 else [],
        "previous_url": url(page_obj.previous_page_number()) if page_obj.has_previous() else "",
        "next_url": url(page_obj.next_page_number()) if page_obj.has_next() else "",
        "label": _("Pages"),
    }


@register.filter
def minutes(duration):
    """A timedelta as a whole number of minutes (the lockout's cool-off)."""
    return int(duration.total_seconds() // 60) if duration else ""
