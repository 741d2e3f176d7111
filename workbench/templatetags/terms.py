"""Terms of reference as the call sets them out: paragraphs, and "- " lines as a list."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from nominations.models import Competency
from nominations.models.choices import POST_LANGUAGES

register = template.Library()


@register.filter
def prose(text):
    """Blank-line separated paragraphs; a run of lines starting "- " is a bulleted list."""
    blocks = []
    paragraph, items = [], []

    def flush():
        if paragraph:
            blocks.append(format_html('<p class="govuk-body">{}</p>', " ".join(paragraph)))
            paragraph.clear()
        if items:
            lis = format_html_join("", "<li>{}</li>", ((item,) for item in items))
            blocks.append(format_html('<ul class="govuk-list govuk-list--bullet">{}</ul>', lis))
            items.clear()

    for line in (text or "").splitlines():
        line = line.strip()
        if line.startswith(("- ", "• ")):
            if paragraph:
                flush()
            items.append(line[2:].strip())
        elif not line:
            flush()
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return mark_safe("".join(blocks))  # every piece was escaped by format_html


KIND_HEADINGS = [
    (Competency.Kind.VALUE, "values"),
    (Competency.Kind.CORE, "core"),
    (Competency.Kind.MANAGERIAL, "managerial"),
]


@register.inclusion_tag("workbench/includes/terms_of_reference.html")
def terms_of_reference(post):
    """The post's terms of reference as its call sets them out, wherever a page shows them
    (the workbench's post page, the portal's): ``required_competencies`` prefetched."""
    groups = {kind: [] for kind, _name in KIND_HEADINGS}
    for row in post.required_competencies.all():
        groups.setdefault(row.kind, []).append(row)
    names = dict(POST_LANGUAGES)
    return {
        "post": post,
        "competency_groups": [
            {"key": key, "rows": groups[kind], "levels": _common_level(groups[kind])}
            for kind, key in KIND_HEADINGS
        ],
        **{
            key: ", ".join(str(names.get(code, code)) for code in getattr(post, key))
            for key in ("required_languages", "asset_languages")
        },
    }


def _common_level(rows):
    """The level all the rows share (the call says "Level 3" once), or None."""
    levels = {row.level for row in rows}
    return levels.pop() if len(levels) == 1 else None
