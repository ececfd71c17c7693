"""Test settings: still PostgreSQL (embedded or DATABASE_URL), fast password hashing."""

from claimtrack.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-used-anywhere-else-0123456789"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# MD5 is unsafe for real passwords; in tests it only saves seconds per created user.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

DATABASES = databases(allow_embedded=True)  # noqa: F405
# Live-server threads would otherwise keep connections open past the run and
# stop pytest-django from dropping the test database.
DATABASES["default"]["CONN_MAX_AGE"] = 0

# Tests must never be throttled by accident (a live-server run makes hundreds of
# requests from one address); the throttling test lowers these on purpose.
CLAIMTRACK_API_THROTTLE_ANON = "100000/minute"
CLAIMTRACK_API_THROTTLE_USER = "100000/minute"

# Static files from the app folders, as in development: tests run without collectstatic.
WHITENOISE_AUTOREFRESH = True
