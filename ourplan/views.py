"""Views that belong to no one domain: health check, a trivial view for benchmarks, the dev outbox."""

import email
import email.policy

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    """200 and a small JSON body when the database answers; 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": "not answering"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def ping(request):
    """The trivial view that benchmarks compare real pages against."""
    return HttpResponse("ok", content_type="text/plain")


def _read_outbox():
    outbox = settings.EMAIL_OUTBOX_DIR
    messages = []
    if outbox.is_dir():
        for path in sorted(outbox.glob("*.eml"), reverse=True)[:100]:
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            body = message.get_body(preferencelist=("plain",))
            messages.append(
                {
                    "id": path.stem,
                    "to": message["To"],
                    "subject": message["Subject"],
                    "date": message["Date"],
                    "body": body.get_content() if body else "",
                }
            )
    return messages


@login_required
@require_GET
def dev_outbox(request):
    """Development only: the emails OurPlan would have sent, so invitations can be followed."""
    if not settings.DEV:
        raise Http404("Not found")
    return render(request, "dev_outbox.html", {"messages_sent": _read_outbox()})
