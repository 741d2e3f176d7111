from django.core.management.base import BaseCommand

from shortlisting.demo import seed


class Command(BaseCommand):
    help = (
        "After seed_demo: DDG Operations of EO/821/2023 in shortlisting, screened and rated "
        "by three executive members, with a proposed shortlist (for the screenshots)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--password", default="nomina-demo-2023")

    def handle(self, *args, password, **options):
        result = seed(password)
        post = result["post"]
        self.stdout.write(f"{post.title} [{post.status}]")
        for status in ("eligible", "ineligible"):
            names = post.nominations.filter(status=status).values_list(
                "candidate__full_name", flat=True
            )
            self.stdout.write(f"  {status}: {', '.join(names) or 'none'}")
        for member in result["members"]:
            self.stdout.write(f"  member {member.email} ({member.nationality.code})")
        if result["proposal"]:
            self.stdout.write(
                f"Shortlist proposed by {result['proposal'].proposed_by.email}; another member "
                f"approves it at /review/posts/{post.pk}/side-by-side/"
            )
        self.stdout.write(
            "Illustrative, not the organization's: the added candidates, the findings, "
            "the ratings and the rationales."
        )
