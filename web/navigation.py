"""Where each role lands and what its navigation offers.

A page builder adds a link for a role here (label, URL name); the layout renders it in the
header's service navigation and marks the current one.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext_lazy as _

from accounts import roles
from workflows.permissions import role_of

HOMES = {
    roles.SECRETARIAT: "workbench:home",
    roles.AUDITOR: "audit:log",
    roles.EXECUTIVE: "review:home",
    roles.MISSION: "portal:home",
}

LINKS = {
    roles.SECRETARIAT: [
        (_("Calls"), "workbench:home"),
        (_("Nominations"), "workbench:nomination_list"),
        (_("Notes verbales"), "workbench:note_list"),
        (_("Log a note"), "workbench:note_log"),
        (_("Outbox"), "workbench:outbox"),
        (_("Focal points"), "workbench:focal_points"),
        (_("Audit log"), "audit:log"),
    ],
    roles.AUDITOR: [(_("Audit log"), "audit:log")],
    roles.EXECUTIVE: [(_("Home"), "review:home")],
    roles.MISSION: [
        (_("Home"), "portal:home"),
        (_("Calls"), "portal:call_list"),
        (_("Nominations"), "portal:nomination_list"),
        (_("Notes verbales"), "portal:note_list"),
        (_("Focal points"), "portal:focal_points"),
    ],
}


def home_of(user):
    """The URL name of the user's home, or None for an account without a role."""
    return HOMES.get(role_of(user))


def items_for(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for label, name in LINKS.get(role_of(user), []):
        url = _url(name, get_script_prefix(), get_urlconf())
        items.append({"label": label, "url": url, "active": _is_current(request.path, url)})
    return items


@functools.lru_cache(maxsize=64)
def _url(name, script_prefix, urlconf):
    # On every page of every signed-in user: reversed once per prefix and URL conf.
    return reverse(name, urlconf=urlconf)


def _is_current(path, url):
    # The home of a section is current on its own URL only; another link also on its pages.
    return path == url or (url.count("/") > 2 and path.startswith(url))
