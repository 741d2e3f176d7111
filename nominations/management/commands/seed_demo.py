from django.core.management.base import BaseCommand

from nominations.demo import DEMO_ACCOUNTS, seed


class Command(BaseCommand):
    help = "Load call EO/821/2023 (closed), a JPO draft, member states, one account per role."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default="nomina-demo-2023",
            help="password of the demo accounts created by this run",
        )

    def handle(self, *args, password, **options):
        result = seed(password)
        created_states, total_states = result["member_states"]
        self.stdout.write(f"Member states: {total_states} ({created_states} new).")
        self.stdout.write(f"Competency framework: {result['competencies']} entries.")
        for post in result["posts"]:
            self.stdout.write(f"{post.call.reference}: {post.title} [{post.status}]")
        self.stdout.write(f"Demo nominations logged by this run: {result['nominations']}.")
        new = {user.email for user in result["accounts"]}
        self.stdout.write("Accounts (sign in at /sign-in/, or use the API):")
        for email, role, code in DEMO_ACCOUNTS:
            where = f" ({code})" if code else ""
            secret = (
                f"password {password}" if email in new else "already existed, password unchanged"
            )
            self.stdout.write(f"  {role:<12} {email:<30} {secret}{where}")
