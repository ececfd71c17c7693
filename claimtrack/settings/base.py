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
    # Outermost, so the logged duration covers everything below it.
    "claimtrack.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security headers: no session or auth work for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs request.user: only anonymous reads may go to a replica.
    "claimtrack.db_router.PrimaryReplicaMiddleware",
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


def databases(*, allow_embedded: bool) -> dict:
    """The primary, plus a read replica when DATABASE_REPLICA_URL is set.

    Persistent connections are health-checked before reuse, so a primary that
    restarted costs one failed check, not a failed request.
    """
    primary = database_config(allow_embedded=allow_embedded)
    primary.setdefault("CONN_HEALTH_CHECKS", True)
    configured = {"default": primary}
    replica_url = env("DATABASE_REPLICA_URL")
    if replica_url:
        replica = dj_database_url.parse(replica_url, conn_max_age=env_int("CONN_MAX_AGE", 60))
        replica["CONN_HEALTH_CHECKS"] = True
        # Tests run against the primary's test database: a replica is a copy of it.
        replica["TEST"] = {"MIRROR": "default"}
        configured["replica"] = replica
    return configured


DATABASE_ROUTERS = ["claimtrack.db_router.PrimaryReplicaRouter"]


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
# WhiteNoise marks files with a content hash in their name immutable (cached for
# good); files without one are cached for this many seconds.
WHITENOISE_MAX_AGE = env_int("WHITENOISE_MAX_AGE", 60)


# The public pages are cached per content version (claims/caching.py). With several
# app servers or worker processes the cache must be shared: set REDIS_URL. Without
# it each process keeps its own LocMemCache (fine for one process, and for tests).
def cache_config(redis_url: str) -> dict:
    if redis_url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": env("CACHE_KEY_PREFIX", "claimtrack"),
                # A cache outage must degrade to slower pages, not to errors.
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "claimtrack",
        }
    }


CACHES = cache_config(env("REDIS_URL"))

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
    "loggers": {
        "pgserver": {"level": "WARNING"},
        # One JSON line per request (claimtrack/request_log.py).
        "claimtrack.requests": {"level": env("REQUEST_LOG_LEVEL", "INFO")},
    },
}
