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
    # In the order they were attached: a note verbale before the papers it encloses.
    links = message.attachments.through.objects.filter(outgoingmessage=message)
    for link in links.select_related("document").order_by("pk"):
        document = link.document
        with document.file.open("rb") as handle:
            email.attach(document.original_name, handle.read(), document.content_type)
    return email
