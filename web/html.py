"""HTML written in Python where a template would cost a node per value (a table's cells,
a select's options): every value escaped as the template language escapes it."""

import html

from django.utils.html import conditional_escape
from django.utils.safestring import SafeData


def escaped(value):
    """``conditional_escape(value)`` as a plain string, without its per-call dispatch for
    the common case, a plain string."""
    if type(value) is str:
        return html.escape(value)
    if isinstance(value, SafeData):
        return str(value)
    return str(conditional_escape(value))
