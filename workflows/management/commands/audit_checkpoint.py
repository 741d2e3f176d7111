import json
import os

from django.core.management.base import BaseCommand, CommandError

from workflows.audit import take_checkpoint


class Command(BaseCommand):
    help = (
        "Write a signed checkpoint of the audit log's head (newest event, its hash, the "
        "number of events) for the auditor to keep outside the database."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", metavar="FILE", help="append the checkpoint to FILE instead of printing it"
        )

    def handle(self, *args, output=None, **options):
        checkpoint = take_checkpoint()
        line = json.dumps(checkpoint, sort_keys=True)
        if output is None:
            self.stdout.write(line)
            return
        try:
            descriptor = os.open(output, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            with os.fdopen(descriptor, "a", encoding="utf-8") as file:
                file.write(line + "\n")
        except OSError as error:
            raise CommandError(f"Cannot write to {output}: {error.strerror}.") from None
        self.stderr.write(
            f"Checkpoint of event #{checkpoint['event_id']} ({checkpoint['count']} events) "
            f"appended to {output}."
        )
