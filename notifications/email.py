"""The e-mail an outbox row becomes: its text, and its attachments read back from storage."""

from django.conf import settings
from django.core.mail import EmailMessage


def build_email(message):
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
    )
    for document in message.attachments.order_by("pk"):
        with document.file.open("rb") as handle:
            email.attach(document.original_name, handle.read(), document.content_type)
    return email
