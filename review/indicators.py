"""The framework's behavioural indicators to show beside a post's competency.

Seed 000: "All staff members are expected to demonstrate the indicators applicable to
their level, as well as those for the level below." So a competency required at level 3
shows levels 3 and 2; at level 1, level 1 alone; a value its single unlevelled list; a
competency whose level the terms of reference leave unstated, every level.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Indicators:
    heading: str
    items: list


def shown_for(post_competency):
    entry = post_competency.competency
    if entry is None or not entry.indicators:
        return []
    indicators = entry.indicators
    if "0" in indicators:
        return [Indicators(_("Indicators"), list(indicators["0"]))]
    level = post_competency.level
    if level is None:
        levels = sorted(indicators, key=int, reverse=True)
    else:
        levels = [str(n) for n in (level, level - 1) if str(n) in indicators]
    return [
        Indicators(
            _("Level %(level)s (the level required)") % {"level": key}
            if level is not None and int(key) == level
            else _("Level %(level)s") % {"level": key},
            list(indicators[key]),
        )
        for key in levels
    ]
