"""Development email: printed to the console and kept in var/outbox for the outbox page."""

from django.conf import settings
from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.utils import timezone
from django.utils.crypto import get_random_string


class DevOutboxBackend(ConsoleBackend):
    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        outbox = settings.EMAIL_OUTBOX_DIR
        outbox.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            stamp = timezone.now().strftime("%Y%m%d-%H%M%S-%f")
            path = outbox / f"{stamp}-{get_random_string(6)}.eml"
            path.write_bytes(message.message().as_bytes())
        return sent
