"""Recovery codes made before they were hashed (django-otp's StaticToken, kept as they are) are
hashed into accounts.RecoveryCode, and the plain ones deleted: each still works once, and nobody
needs new codes. Sessions verified with one of the old codes are asked for a code again."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import migrations


class _Hasher(PBKDF2PasswordHasher):
    iterations = 100_000  # as accounts.models.RecoveryCodeHasher when this was written


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    hasher = _Hasher()
    old = StaticDevice.objects.filter(confirmed=True).prefetch_related("token_set").order_by("pk")
    by_user = {}
    for device in old:
        by_user.setdefault(device.user_id, []).extend(token.token for token in device.token_set.all())
    for user_id, tokens in by_user.items():
        codes, _created = RecoveryCodes.objects.get_or_create(
            user_id=user_id, defaults={"name": "Recovery codes", "confirmed": True}
        )
        RecoveryCode.objects.bulk_create(
            [
                RecoveryCode(device=codes, code_hash=hasher.encode(token.lower(), hasher.salt()))
                for token in dict.fromkeys(tokens)
            ]
        )
    StaticDevice.objects.all().delete()  # their tokens go with them


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_hashed_recovery_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Going back leaves the hashed codes where they are: the plain codes cannot be made again.
    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
