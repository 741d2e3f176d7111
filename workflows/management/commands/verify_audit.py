from django.core.management.base import BaseCommand, CommandError

from workflows.audit import first_broken_event
from workflows.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the audit log's hash chain; exit non-zero naming the first broken event."

    def handle(self, *args, **options):
        broken = first_broken_event()
        if broken is not None:
            event, why = broken
            raise CommandError(
                f"Audit chain broken at event #{event.pk} ({event.action}, "
                f"{event.created_at.isoformat()}): {why}."
            )
        count = AuditEvent.objects.count()
        self.stdout.write(self.style.SUCCESS(f"Audit chain verified: {count} events, intact."))
