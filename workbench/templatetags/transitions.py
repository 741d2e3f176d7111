"""{% transition_buttons object %}: what the user may do to ``object`` now, as buttons,
and what is not offered, with why.

    {% load transitions %}
    {% transition_buttons post "workbench:post_transition" %}
"""

from django import template

from workbench.transitions import FINAL, label
from workflows import transitions

register = template.Library()


@register.inclusion_tag("workbench/includes/transitions.html", takes_context=True)
def transition_buttons(context, obj, url_name):
    request = context["request"]
    offers = transitions.offered(obj, request.user)
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "object": obj,
        "url_name": url_name,
        "next": request.get_full_path(),
        "available": [(o, label(o.name), o.name in FINAL) for o in offers if o.available],
        "not_offered": [(o, label(o.name)) for o in offers if not o.available],
    }
