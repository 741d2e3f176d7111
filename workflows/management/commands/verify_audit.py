import json

from django.core.management.base import BaseCommand, CommandError

from workflows.audit import checkpoint_is_signed, checkpoint_problem, first_broken_event
from workflows.models import AuditEvent


def read_checkpoints(path):
    """The checkpoints of a file written by audit_checkpoint, one JSON object a line."""
    try:
        with open(path, encoding="utf-8") as lines:
            numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    except OSError as error:
        raise CommandError(f"Cannot read the checkpoint file {path}: {error.strerror}.") from None
    checkpoints = []
    for number, line in numbered:
        try:
            checkpoint = json.loads(line)
        except ValueError:
            checkpoint = None
        if not isinstance(checkpoint, dict) or not checkpoint_is_signed(checkpoint):
            raise CommandError(
                f"Line {number} of {path} is not a checkpoint signed with this installation's "
                "NOMINA_AUDIT_KEY: it was forged or altered, or the key is not the one in use."
            )
        checkpoints.append(checkpoint)
    return checkpoints


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain, and with --checkpoint that it still holds every "
        "event the checkpoints saw; exit non-zero naming the first broken event."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="checkpoints written by audit_checkpoint: detects removed newest events "
            "and an emptied log",
        )

    def handle(self, *args, checkpoint=None, **options):
        checkpoints = read_checkpoints(checkpoint) if checkpoint else []
        broken = first_broken_event()
        if broken is not None:
            event, why = broken
            raise CommandError(
                f"Audit chain broken at event #{event.pk} ({event.action}, "
                f"{event.created_at.isoformat()}): {why}."
            )
        for seen in sorted(checkpoints, key=lambda c: c["count"]):
            problem = checkpoint_problem(seen)
            if problem is not None:
                event_id, why = problem
                raise CommandError(f"Audit log broken at event #{event_id}: {why}.")
        count = AuditEvent.objects.count()
        if checkpoints:
            held = f", holding all that {len(checkpoints)} checkpoints saw"
        else:
            held = " (without --checkpoint, removed newest events would go unnoticed)"
        verified = f"Audit chain verified: {count} events, intact{held}."
        self.stdout.write(self.style.SUCCESS(verified))
