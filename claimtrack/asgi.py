"""ASGI entry point; deployments set DJANGO_SETTINGS_MODULE=claimtrack.settings.production."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "claimtrack.settings.production")
application = get_asgi_application()
