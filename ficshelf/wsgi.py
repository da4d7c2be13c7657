"""WSGI entry point for gunicorn: `gunicorn ficshelf.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

from ficshelf.site.server import tune_garbage_collector

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ficshelf.settings")
application = get_wsgi_application()
tune_garbage_collector()
