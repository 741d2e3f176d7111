from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from nominations import membership


class Command(BaseCommand):
    help = (
        "Import the organization's membership from a CSV file with the columns "
        f"{','.join(membership.COLUMNS)}. Every row is checked first; a file with "
        "any bad row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the CSV file (UTF-8, comma-separated, with a header)")

    def handle(self, *args, file, **options):
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as problem:
            raise CommandError(f"cannot read {file}: {problem.strerror}") from None
        try:
            result = membership.import_file(content, source=path.name)
        except membership.MembershipFileError as failure:
            lines = "\n".join(f"  {error}" for error in failure.errors)
            raise CommandError(
                f"{file}: {len(failure.errors)} problem(s), nothing was imported:\n{lines}"
            ) from None
        if result.created:
            self.stdout.write(f"{result.created} UN member states added from the reference.")
        for code, diff in sorted(result.changes.items()):
            self.stdout.write(f"  {code}: {', '.join(diff)}")
        self.stdout.write(
            f"{path.name}: {result.rows} rows, {result.changed} changed,"
            f" {result.unchanged} unchanged."
        )
