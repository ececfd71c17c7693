"""Local development: DEBUG on and a throw-away secret. Never deploy with these."""

from claimtrack.env import env, env_list
from claimtrack.settings.base import *  # noqa: F403

DEBUG = True
# Dev-only fallback: a real deployment reads SECRET_KEY from the environment (production.py).
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-deploy")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

DATABASES = databases(allow_embedded=True)  # noqa: F405
# runserver logs each request itself.
LOGGING["loggers"]["claimtrack.requests"]["level"] = "WARNING"  # noqa: F405
