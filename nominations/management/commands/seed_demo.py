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
        states = result["member_states"]
        self.stdout.write(
            f"Member states: {states.total} ({states.created} new, {len(states.corrected)}"
            " given their official UN names or region)."
        )
        names = ", ".join(str(state) for state in result["non_represented"]) or "none"
        if result["membership_illustrative"]:
            self.stdout.write(
                "Membership is illustrative, not the organization's data: all 193 UN states"
                f" are members, the non-represented ones are {names}, the missions' e-mail"
                " addresses are invented and their languages guessed. Load the"
                " organization's with manage.py import_member_states FILE.csv."
            )
        else:
            self.stdout.write(
                f"Membership as imported with import_member_states; not represented: {names}."
            )
        self.stdout.write(f"Competency framework: {result['competencies']} entries.")
        for post in result["posts"]:
            self.stdout.write(f"{post.call.reference}: {post.title} [{post.status}]")
        self.stdout.write(f"Demo nominations logged by this run: {result['nominations']}.")
        new = {user.email for user in result["accounts"]}
        self.stdout.write("Accounts (sign in at /admin/ or the API):")
        for email, role, code in DEMO_ACCOUNTS:
            where = f" ({code})" if code else ""
            secret = (
                f"password {password}" if email in new else "already existed, password unchanged"
            )
            self.stdout.write(f"  {role:<12} {email:<30} {secret}{where}")
