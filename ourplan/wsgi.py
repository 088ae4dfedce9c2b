"""WSGI entry point: ``gunicorn ourplan.wsgi``."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, the URL patterns) lives as long as the process, so
# the garbage collector is told to stop looking through it on every collection, and to collect
# less often: a page makes many short-lived objects (query rows, template nodes) but few cycles.
# Without this, about one request in ten paid for a full pass over the loaded program.
gc.collect()
gc.freeze()
gc.set_threshold(20_000, 10, 10)
