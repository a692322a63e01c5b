"""WSGI entry point for app servers (gunicorn funding.wsgi)."""
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "funding.settings")
application = get_wsgi_application()
