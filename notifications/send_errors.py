"""What a failed send means: try again later, give up, or nobody knows whether it went.

- Temporary: the message certainly did not go and may next time — the ESP answered 5xx,
  429 or 408, the connection could not be made, an SMTP server answered 4xx.
- Permanent: it will not go however often it is tried — the ESP refused it (other 4xx),
  every recipient was refused, an address is invalid, the ESP is misconfigured.
- Unknown: the request reached the ESP and no answer came back (a read timeout). It may
  have been sent: like a worker killed mid-send, the row stays ``sending`` for the
  Secretariat to decide, and is never resent by itself.
"""

import enum
import smtplib

import requests
from anymail.exceptions import (
    AnymailAPIError,
    AnymailError,
    AnymailRecipientsRefused,
)
from django.core.exceptions import ImproperlyConfigured

MAX_ERROR_LENGTH = 500
TEMPORARY_STATUS_CODES = {408, 429}


class Outcome(enum.Enum):
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    UNKNOWN = "unknown"


def classify(error):
    if isinstance(error, AnymailRecipientsRefused):
        return Outcome.PERMANENT
    # The ESP's own answer: anymail keeps its HTTP status on the error.
    status_code = getattr(error, "status_code", None)
    if isinstance(error, AnymailError) and status_code is not None:
        if status_code >= 500 or status_code in TEMPORARY_STATUS_CODES:
            return Outcome.TEMPORARY
        return Outcome.PERMANENT
    # anymail's request errors are also the requests exception they wrap.
    if isinstance(error, requests.ReadTimeout):
        return Outcome.UNKNOWN
    if isinstance(error, requests.ConnectionError | requests.Timeout):
        return Outcome.TEMPORARY
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return Outcome.PERMANENT
    if isinstance(error, smtplib.SMTPResponseException):
        return Outcome.TEMPORARY if 400 <= error.smtp_code < 500 else Outcome.PERMANENT
    if isinstance(error, AnymailAPIError):
        # An API error without a status (an answer anymail could not read): try again.
        return Outcome.TEMPORARY
    if isinstance(error, AnymailError | ImproperlyConfigured | ValueError | TypeError):
        # An invalid address, an unsupported feature, a missing API key: nothing left.
        return Outcome.PERMANENT
    # Connection refused, a reset, DNS, a storage hiccup reading an attachment.
    if isinstance(error, OSError):
        return Outcome.TEMPORARY
    return Outcome.PERMANENT


def describe(error, message):
    """The error as the Secretariat reads it: its kind and the ESP's text, on one line and
    truncated. anymail's text carries the ESP's answer, never the payload; the body is
    removed all the same should an ESP echo it."""
    text = " ".join(str(error).split())
    body = " ".join(message.body.split())
    if len(body) >= 20:
        text = text.replace(body, "[the message's text]")
    described = f"{type(error).__name__}: {text}" if text else type(error).__name__
    if len(described) > MAX_ERROR_LENGTH:
        described = described[: MAX_ERROR_LENGTH - 1] + "…"
    return described
