"""WSGI entry point; deployments set DJANGO_SETTINGS_MODULE=claimtrack.settings.production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings.production")
application = get_wsgi_application()
