"""OurPlan's WSGI application with the bench's extra URLs (bench/scale_urls.py), for the
figures at scale. Run by bench/scale_run.py as gunicorn's app, with bench/ on PYTHONPATH."""

import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ourplan.settings")
application = get_wsgi_application()
settings.ROOT_URLCONF = "scale_urls"  # the product's URLs, then /bench/...
