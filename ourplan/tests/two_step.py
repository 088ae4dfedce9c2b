"""Two-step sign-in in tests: an authenticator app for a user, and the code it would show."""

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_step


def app_for(user):
    """``user``'s confirmed authenticator app, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name=two_step.APP, confirmed=True)


def code_for(device, now=None):
    """The code ``device``'s app shows now, or, if that one has been used (each works once), the
    next one, which the server also accepts (one step of clock drift either way)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = now if now is not None else time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step
    return f"{totp.token():0{device.digits}d}"


def pass_second_step(client, user):
    """Mark the test client's session as having passed the second step with ``user``'s app."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_for(user).persistent_id
    session.save()
