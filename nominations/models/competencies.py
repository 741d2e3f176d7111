from django.db import models


class Competency(models.Model):
    """One entry of the competency framework (seed 000): a value or a levelled competency."""

    class Kind(models.TextChoices):
        VALUE = "value", "Value"
        CORE = "core", "Core competency"
        MANAGERIAL = "managerial", "Managerial competency"

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
