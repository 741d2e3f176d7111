"""The embedded default's mail: one ``.eml`` file per message under ``NOMINA_MAIL_DIR``
(``var/mail``), attachments included, so a person opens each e-mail and its PDFs in a mail
reader. Django's file backend writes every message of a connection into one ``.log``.
"""

import os
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone


class EmailBackend(BaseEmailBackend):
    def __init__(self, *args, directory=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.directory = Path(directory or settings.NOMINA_MAIL_DIR)
        self._lock = threading.Lock()

    def send_messages(self, email_messages):
        if not email_messages:
            return 0
        sent = 0
        with self._lock:
            try:
                self.directory.mkdir(parents=True, exist_ok=True, mode=0o700)
                for message in email_messages:
                    if message.recipients():
                        self._write(message)
                        sent += 1
            except Exception:
                if not self.fail_silently:
                    raise
        return sent

    def _write(self, message):
        # Sorted by when it was sent; unique even for many in one second.
        name = f"{timezone.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:12]}.eml"
        data = message.message().as_bytes(linesep="\r\n")
        partial = self.directory / f".{name}.part"
        # Written whole, then renamed: a reader never opens half an e-mail.
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        partial.replace(self.directory / name)
        return name
