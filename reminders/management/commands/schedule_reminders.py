from django.core.management.base import BaseCommand

from reminders import backfill, schedule

WHAT = {
    schedule.NOT_NOMINATED: "open posts: reminders to the states that have not nominated",
    schedule.INCOMPLETE: "incomplete nominations: a reminder of what is missing",
    schedule.ASSESSMENTS_DUE: "eligible nominations: the assessments' due date",
}


class Command(BaseCommand):
    help = (
        "Write the reminders missing for what is in progress (posts issued, nominations "
        "marked incomplete or screened eligible before reminders were scheduled, or a "
        "database restored from an older backup). Running it again writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="only say what is missing; write nothing"
        )

    def handle(self, *args, check=False, **options):
        if check:
            counts = {kind: len(found) for kind, found in backfill.missing().items()}
        else:
            counts = backfill.backfill()
        verb = "missing" if check else "scheduled"
        for kind, n in counts.items():
            self.stdout.write(f"{n} {verb}: {WHAT[kind]}")
        if not any(counts.values()):
            self.stdout.write("Nothing is missing.")
