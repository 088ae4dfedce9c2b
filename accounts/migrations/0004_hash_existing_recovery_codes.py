"""Recovery codes made before they were hashed (django-otp's StaticToken, kept as they are) are
hashed into accounts.RecoveryCode, and the plain ones deleted: each still works once, and nobody
needs new codes. Sessions verified with one of the old codes are asked for a code again."""

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import migrations


class _Hasher(PBKDF2PasswordHasher):
    iterations = 100_000  # as accounts.models.RecoveryCodeHasher when this was written


# Devices read, and deleted, this many at a time: memory stays the same however many people have
# codes (hashing itself takes about a quarter of a second for each person's ten codes).
BATCH = 500


def hash_static_tokens(apps, schema_editor):
    StaticDevice = apps.get_model("otp_static", "StaticDevice")
    RecoveryCodes = apps.get_model("accounts", "RecoveryCodes")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    hasher = _Hasher()

    def hash_codes(user_id, tokens):
        if user_id is None:
            return
        codes, _created = RecoveryCodes.objects.get_or_create(
            user_id=user_id, defaults={"name": "Recovery codes", "confirmed": True}
        )
        RecoveryCode.objects.bulk_create(
            [
                RecoveryCode(device=codes, code_hash=hasher.encode(token.lower(), hasher.salt()))
                for token in dict.fromkeys(tokens)
            ]
        )

    # One person's devices come together (ordered by user), so each person's codes are hashed
    # once all of theirs are read.
    old = StaticDevice.objects.filter(confirmed=True).prefetch_related("token_set").order_by("user_id", "pk")
    user_id, tokens = None, []
    for device in old.iterator(chunk_size=BATCH):
        if device.user_id != user_id:
            hash_codes(user_id, tokens)
            user_id, tokens = device.user_id, []
        tokens.extend(token.token for token in device.token_set.all())
    hash_codes(user_id, tokens)
    # Their tokens go with them.
    while batch := list(StaticDevice.objects.order_by("pk").values_list("pk", flat=True)[:BATCH]):
        StaticDevice.objects.filter(pk__in=batch).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_hashed_recovery_codes"),
        ("otp_static", "0003_add_timestamps"),
    ]

    # Going back leaves the hashed codes where they are: the plain codes cannot be made again.
    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
