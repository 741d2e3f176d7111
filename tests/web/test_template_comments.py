"""Django's ``{# #}`` comments end on their own line: one spread over two lines is printed
on the page (the language switcher once showed its own comment in the header)."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_no_template_opens_a_one_line_comment_it_does_not_close():
    unclosed = []
    for template in ROOT.glob("*/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for number, line in enumerate(template.read_text(encoding="utf-8").splitlines(), 1):
            if "{#" in line and "#}" not in line[line.index("{#") :]:
                unclosed.append(f"{template.relative_to(ROOT)}:{number}")
    assert unclosed == [], "use {% comment %} for a comment of several lines"
