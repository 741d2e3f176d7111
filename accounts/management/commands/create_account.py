import secrets

from django.core.management.base import BaseCommand, CommandError
from rest_framework.authtoken.models import Token

from accounts import roles
from accounts.services import AccountError, create_account
from nominations.models import MemberState


class Command(BaseCommand):
    help = "Create an account with one role; the e-mail address is its sign-in name."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--role", required=True, help=f"one of: {', '.join(roles.ROLES)}")
        parser.add_argument("--member-state", help="ISO alpha-3 code; required for a mission")
        parser.add_argument(
            "--nationality", help="ISO alpha-3 code; an executive member's nationality"
        )
        parser.add_argument("--password", help="generated and printed when left out")
        parser.add_argument("--api-token", action="store_true", help="also create an API token")

    def handle(self, *args, email, role, member_state, password, api_token, **options):
        state = _state(member_state)
        nationality = _state(options.get("nationality"))
        generated = password is None
        password = password or secrets.token_urlsafe(12)
        try:
            user = create_account(
                email, role=role, member_state=state, password=password, nationality=nationality
            )
        except AccountError as error:
            raise CommandError(str(error)) from error
        where = f" for {state.name_en} ({state.code})" if state else ""
        self.stdout.write(f"Created {role} account {user.email}{where}.")
        if nationality:
            self.stdout.write(f"Nationality: {nationality.name_en} ({nationality.code}).")
        if generated:
            self.stdout.write(f"password: {password}")
        if api_token:
            token = Token.objects.create(user=user)
            self.stdout.write(f"API token: {token.key}")


def _state(code):
    if not code:
        return None
    state = MemberState.objects.filter(code=code.strip().upper()).first()
    if state is None:
        raise CommandError(f"Unknown member state '{code}' (use ISO alpha-3).")
    return state
