from django.db import models
from django.utils.translation import gettext_lazy as _


class Competency(models.Model):
    """One entry of the competency framework (seed 000): a value or a levelled competency."""

    class Kind(models.TextChoices):
        VALUE = "value", _("Value")
        CORE = "core", _("Core competency")
        MANAGERIAL = "managerial", _("Managerial competency")

    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    description = models.TextField(blank=True)
    # {"1": [indicator, ...], "2": [...]}; values use the single key "0".
    indicators = models.JSONField(default=dict, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "competencies"

    def __str__(self):
        return self.name


# The levels each kind takes in the framework (seed 000): values are not levelled.
LEVELS = {
    Competency.Kind.VALUE: (),
    Competency.Kind.CORE: (1, 2, 3),
    Competency.Kind.MANAGERIAL: (2, 3),
}


def level_problem(kind, level):
    """What is wrong with ``level`` for a competency of ``kind``, or None.

    No level (None) always fits: a value is not levelled, and terms of reference
    may leave a competency's level unstated.
    """
    if level is None or kind not in LEVELS:
        return None
    levels = LEVELS[kind]
    if not levels:
        return "A value is not levelled: leave its level empty."
    if level not in levels:
        allowed = ", ".join(str(n) for n in levels[:-1]) + f" or {levels[-1]}"
        return f"A {Competency.Kind(kind).label.lower()} takes level {allowed}, not {level}."
    return None


def framework_kind_problem(entry, kind):
    """What is wrong with linking a competency of ``kind`` to framework ``entry``, or None."""
    if entry is None or kind not in LEVELS or entry.kind == kind:
        return None
    return (
        f"{entry.name} is a {entry.get_kind_display().lower()} in the framework, "
        f"not a {Competency.Kind(kind).label.lower()}."
    )
