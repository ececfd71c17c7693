"""Settings shared by every environment; dev, test and production override a few.

Values that differ per deployment come from the environment through
``claimtrack.env``. Defaults here are the safe, production-minded ones; the
convenient development defaults live in ``dev.py`` and are marked as such.
"""

from pathlib import Path

import dj_database_url

from claimtrack.env import env, env_bool, env_int, env_list, mandatory_env

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env("SECRET_KEY")
DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "claims",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "claimtrack.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "claimtrack" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "claims.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "claimtrack.wsgi.application"


def database_config(*, allow_embedded: bool) -> dict:
    """DATABASE_URL when given; otherwise the embedded PostgreSQL (never SQLite).

    Each settings module calls this itself (dev and test allow the embedded
    server, production does not), so importing base starts nothing.
    """
    url = env("DATABASE_URL") if allow_embedded else mandatory_env("DATABASE_URL")
    if url:
        return dj_database_url.parse(url, conn_max_age=env_int("CONN_MAX_AGE", 60))
    from claimtrack import embedded_db

    return embedded_db.database_settings()


DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"

# The public pages are cached per content version (claims/caching.py). LocMemCache
# is per process: with several worker processes use a shared backend here.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "claimtrack",
    }
}

# Public site. The publisher name is the ClaimReview "publisher" and the feed title.
CLAIMTRACK_SITE_NAME = env("CLAIMTRACK_SITE_NAME", "ClaimTrack")
CLAIMTRACK_PUBLISHER_NAME = env("CLAIMTRACK_PUBLISHER_NAME", CLAIMTRACK_SITE_NAME)
# How long anonymous visitors (and shared caches) may keep a public page, in seconds.
CLAIMTRACK_PAGE_CACHE_SECONDS = env_int("CLAIMTRACK_PAGE_CACHE_SECONDS", 300)
# An actor's scorecard is shown only from this many reviewed claims: fewer says nothing.
CLAIMTRACK_SCORECARD_MINIMUM = env_int("CLAIMTRACK_SCORECARD_MINIMUM", 5)

# The curated seed corpus ships here; `loaddata seed` finds it by name.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# A source's full text may be long (transcripts); the admin posts it whole.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    # pgserver logs every process exit at INFO; only its problems are news.
    "loggers": {"pgserver": {"level": "WARNING"}},
}
