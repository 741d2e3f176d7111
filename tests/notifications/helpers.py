"""What stands in for the world outside the outbox: Mailgun's HTTP API answered at
requests' transport (anymail's real Mailgun backend builds, sends and reads each request),
ESPs that refuse or whose worker dies mid-send, and a nomination logged through the intake
service, as the Secretariat logs one."""

import datetime
import json

import requests
from anymail.backends.test import EmailBackend as AnymailTestBackend
from django.utils import timezone

from workflows import intake

MAILGUN_BACKEND = "anymail.backends.mailgun.EmailBackend"
MAILGUN_DOMAIN = "mg.nomina.test"


class MailgunAPI:
    """Mailgun's send endpoint: answers each request with the next of ``answers`` (a status
    and its JSON, or an exception raised as the network would); the last one repeats."""

    def __init__(self):
        self.answers = [(200, None)]
        self.requests = []
        # Called with the message id about to be answered: the ESP's webhook can come first.
        self.before_answer = None

    def answer(self, *answers):
        self.answers = list(answers)

    def send(self, request, **kwargs):
        # Set on requests' HTTPAdapter class as a bound method: no adapter argument.
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, BaseException):
            raise answer
        status, body = answer
        if body is None:
            body = {
                "id": f"<{len(self.requests)}.20231114@{MAILGUN_DOMAIN}>",
                "message": "Queued. Thank you.",
            }
            if self.before_answer:
                self.before_answer(body["id"])
        response = requests.Response()
        response.status_code = status
        response.reason = {200: "OK", 400: "Bad Request", 503: "Service Unavailable"}.get(
            status, ""
        )
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url
        return response


def log_nomination(actor, member_state, post, name="Claire Dubois"):
    """A note verbale received an hour ago by e-mail, nominating ``name`` for ``post``."""
    (nomination,) = intake.log_nomination(
        actor=actor,
        note=intake.IncomingNote(
            member_state=member_state,
            channel="email",
            received_at=timezone.now() - datetime.timedelta(hours=1),
            reference="NV/2023/114",
        ),
        candidate=intake.CandidateDetails(full_name=name, nationality=member_state),
        posts=[post],
    )
    return nomination


class DyingWorkerESP(AnymailTestBackend):
    """The ESP takes the message; the worker is killed before it hears the answer."""

    def post_to_esp(self, payload, message):
        super().post_to_esp(payload, message)
        raise SystemExit("worker killed")
