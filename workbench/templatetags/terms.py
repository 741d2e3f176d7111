"""Terms of reference as the call sets them out: paragraphs, and "- " lines as a list."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

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
