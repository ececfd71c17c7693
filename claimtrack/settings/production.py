"""Production: every secret from the environment, HTTPS and secure cookies on.

Behind a TLS-terminating proxy set SECURE_PROXY_SSL_HEADER_ENABLED=1 so Django
trusts X-Forwarded-Proto; SECURE_SSL_REDIRECT=0 disables the redirect where the
proxy already does it.
"""

from claimtrack.env import env_bool, env_int, env_list, mandatory_env
from claimtrack.settings.base import *  # noqa: F403

DEBUG = False
SECRET_KEY = mandatory_env("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS") or [mandatory_env("ALLOWED_HOSTS")]
# Production never starts the embedded server: DATABASE_URL or nothing.
DATABASES = databases(allow_embedded=False)  # noqa: F405

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
if env_bool("SECURE_PROXY_SSL_HEADER_ENABLED", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
# The header only makes the site eligible; submitting to the preload list stays a human act.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"

# Compressed (gzip, and Brotli when installed) and content-hashed static files,
# served by WhiteNoise with far-future cache headers. Needs `collectstatic`.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
