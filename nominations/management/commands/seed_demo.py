from django.core.management.base import BaseCommand

from nominations.demo import DEMO_ACCOUNTS, seed

NOT_STATED = "not stated"


def _describe_call(call):
    """One line per call; what its source does not state is said to be not stated."""
    date = call.deadline_date
    deadline = f"{date.day} {date:%B %Y}" if date else NOT_STATED
    if call.addressees == call.Addressees.MEMBERS:
        addressees = "all member states"
    else:
        addressees = ", ".join(call.addressee_states().values_list("name_en", flat=True))
    return (
        f"{call.reference}: {call.title or 'title ' + NOT_STATED}; deadline {deadline}; "
        f"place {call.place or NOT_STATED}; to {addressees or 'no state yet'}"
    )


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
        for call in result["calls"]:
            self.stdout.write(_describe_call(call))
            for post in call.posts.order_by("id"):
                self.stdout.write(
                    f"  {post.title} [{post.status}], {post.duty_station}; grade "
                    f"{post.grade or 'not stated'}; "
                    f"{post.required_competencies.count()} values and competencies as stated"
                )
        self.stdout.write(f"Demo nominations logged by this run: {result['nominations']}.")
        self.stdout.write(
            "  Illustrative, not the organization's: the candidates, their contact details and "
            "CVs, the missions' note references and the Secretariat's decisions. The JPO post "
            "is addressed to Germany because its terms of reference send applicants to "
            "Germany's BFIO."
        )
        new = {user.email for user in result["accounts"]}
        self.stdout.write("Accounts (sign in at /sign-in/, or use the API):")
        for email, role, code in DEMO_ACCOUNTS:
            where = f" ({code})" if code else ""
            secret = (
                f"password {password}" if email in new else "already existed, password unchanged"
            )
            self.stdout.write(f"  {role:<12} {email:<30} {secret}{where}")
