"""Render a call's note verbale in English, French and Spanish to PDF, storing nothing.

The README's images of a rendered note (``make docs-notes``), and a way for a
Secretariat editor to see an edited template on paper before a real note uses it.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nominations.models import Call, MemberState
from notifications.notes import references, wording
from notifications.notes.outgoing import Draft, render
from notifications.notes.pdf import render_pdf

# A mission of each language in the demo data; the note is worded in the language asked for.
SPECIMEN_STATES = {"en": "KEN", "fr": "FRA", "es": "MEX"}


class Command(BaseCommand):
    help = "Render a call's note verbale to one mission per language as PDF files."

    def add_arguments(self, parser):
        parser.add_argument("--call", default="EO/821/2023", help="the call's reference")
        parser.add_argument("--output", default="var/specimens", help="folder for the PDFs")
        parser.add_argument("--kind", default="call", help="call, closing, reminder_not_nominated")

    def handle(self, *args, **options):
        call = Call.objects.filter(reference=options["call"]).first()
        if call is None:
            raise CommandError(f"No call {options['call']} (run seed_demo for the demo call).")
        posts = list(call.posts.order_by("pk"))
        dated_on = call.issued_on or references.note_date()
        output = Path(options["output"])
        output.mkdir(parents=True, exist_ok=True)
        for language in wording.LANGUAGES:
            state = MemberState.objects.get(code=SPECIMEN_STATES[language])
            state.language = language  # in memory only: the specimen's language
            draft = Draft(state, key="", posts=posts)
            html, subject, *_ = render(
                options["kind"],
                draft,
                call=call,
                reference=references.format_reference(1, dated_on.year),
                dated_on=dated_on,
            )
            path = output / f"{options['kind']}.{language}.pdf"
            path.write_bytes(render_pdf(html))
            self.stdout.write(f"{path}: {subject}")
