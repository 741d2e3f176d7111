"""The portal's display: a member state's name in the page's language, a mission status."""

from django import template
from django.utils import timezone

from portal import status
from workflows.deadlines import seat_zone

register = template.Library()


@register.filter
def state_name(member_state):
    """The state's official name in the language of the page (English if it has none)."""
    return member_state.name


@register.inclusion_tag("web/includes/status_tag.html")
def mission_status_tag(value):
    return {"colour": status.COLOURS.get(value, ""), "label": status.LABELS.get(value, value)}


@register.filter
def in_future(instant):
    return instant is not None and instant > timezone.now()


@register.inclusion_tag("portal/includes/deadline.html")
def deadline(post):
    """The post's deadline as the call states it, its closing instant in Geneva time and in
    the visitor's own zone (dashboard.js), and the time left, counting down."""
    return {"deadline": post.deadline, "day": post.deadline_date, "seat_zone": seat_zone()}
