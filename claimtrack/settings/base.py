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
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "claims",
]

MIDDLEWARE = [
    # Outermost, so the logged duration covers everything below it.
    "claimtrack.request_log.RequestLogMiddleware",
    # Before anything reads a body: 413 by Content-Length, 408 for a body too slow to arrive.
    "claimtrack.request_limits.RequestLimitsMiddleware",
    # A database outage in a view is a 503 (claimtrack.outage; handler500 covers middleware).
    "claimtrack.outage.DatabaseOutageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after security headers: no session or auth work for them.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Needs request.user: only anonymous reads may go to a replica.
    "claimtrack.db_router.PrimaryReplicaMiddleware",
    # Needs request.user: records who made each change in the editorial history. (The
    # API's token user is read at save time, once DRF has authenticated the request.)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "claimtrack.urls"

TEMPLATES = [
    # The public pages (``jinja2/`` folders; claims.public_templates says why Jinja2).
    # First, so that a public page's name is looked up there; the admin's, DRF's and
    # the error pages' templates are not there and come from Django's engine below.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "claimtrack" / "jinja2"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "claims.public_templates.environment",
            "context_processors": ["claims.context_processors.site"],
        },
    },
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


#: psycopg's count of runs before it prepares a statement by itself: never, in effect.
PREPARE_WHEN_ASKED = 2**31 - 1


def prepared_statements(database: dict) -> None:
    """Let code ask for a prepared statement (``claims.claim_page_rows``).

    Django turns psycopg's prepared statements off (``prepare_threshold=None``),
    and then psycopg ignores even an explicit ``prepare=True``. A threshold no
    query reaches keeps Django's own queries unprepared and lets the few hot
    hand-written ones skip PostgreSQL's planning. DATABASE_PREPARED_STATEMENTS=0
    turns them off, for a connection pooler in transaction mode that cannot
    keep them (PgBouncer before 1.21).
    """
    if env_bool("DATABASE_PREPARED_STATEMENTS", default=True):
        database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", PREPARE_WHEN_ASKED)


def parallel_query(database: dict) -> None:
    """Ask PostgreSQL not to plan parallel queries for this site (DATABASE_PARALLEL_WORKERS).

    A page's queries take milliseconds; a parallel plan first starts worker
    processes, 10-20 ms before its first row, and they take cores from the app
    servers answering other requests. An actor's page at a million claims took
    17-28 ms with two parallel workers and 5-9 ms without (docs/PERFORMANCE.md).
    Set it to a number to allow that many workers per query, or to empty to leave
    the server's setting alone: a pooler that refuses the ``options`` startup
    parameter (PgBouncer without ``ignore_startup_parameters = options``) needs that.
    """
    workers = env("DATABASE_PARALLEL_WORKERS", "0")
    if workers:
        setting = f"-c max_parallel_workers_per_gather={int(workers)}"
        options = database.setdefault("OPTIONS", {})
        options["options"] = " ".join(filter(None, [options.get("options"), setting]))


def databases(*, allow_embedded: bool) -> dict:
    """The primary, plus a read replica when DATABASE_REPLICA_URL is set.

    Persistent connections are health-checked before reuse, so a primary that
    restarted costs one failed check, not a failed request. A connection attempt
    gives up after DATABASE_CONNECT_TIMEOUT seconds: an unreachable database
    (packets dropped, not refused) must make a quick 503, not a hung worker.
    The replica gets a shorter one (DATABASE_REPLICA_CONNECT_TIMEOUT): when it is
    unreachable, reads fall back to the primary (claimtrack.db_router), and the
    request that finds it down waits up to this long first.
    """
    connect_timeout = env_int("DATABASE_CONNECT_TIMEOUT", 5)
    primary = database_config(allow_embedded=allow_embedded)
    primary.setdefault("CONN_HEALTH_CHECKS", True)
    primary.setdefault("OPTIONS", {}).setdefault("connect_timeout", connect_timeout)
    prepared_statements(primary)
    parallel_query(primary)
    configured = {"default": primary}
    replica_url = env("DATABASE_REPLICA_URL")
    if replica_url:
        replica = dj_database_url.parse(replica_url, conn_max_age=env_int("CONN_MAX_AGE", 60))
        replica["CONN_HEALTH_CHECKS"] = True
        replica.setdefault("OPTIONS", {}).setdefault(
            "connect_timeout", env_int("DATABASE_REPLICA_CONNECT_TIMEOUT", 2)
        )
        prepared_statements(replica)
        parallel_query(replica)
        # Tests run against the primary's test database: a replica is a copy of it.
        replica["TEST"] = {"MIRROR": "default"}
        configured["replica"] = replica
    return configured


DATABASE_ROUTERS = ["claimtrack.db_router.PrimaryReplicaRouter"]
# Once the replica could not be reached, this process reads from the primary for this
# many seconds before trying the replica again (claimtrack/db_router.py).
CLAIMTRACK_REPLICA_RETRY_SECONDS = env_int("CLAIMTRACK_REPLICA_RETRY_SECONDS", 10)


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
                # Django's RedisCache, except that Redis being down is a miss, not a 500.
                "BACKEND": "claimtrack.cache.ResilientRedisCache",
                "LOCATION": redis_url,
                "KEY_PREFIX": env("CACHE_KEY_PREFIX", "claimtrack"),
                # A cache outage must degrade to slower pages, not to errors or hangs.
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "claimtrack",
            # Django's default keeps 300 entries: fewer pages than a day's readers visit,
            # so a busy site would evict its own pages before reading them again.
            "OPTIONS": {"MAX_ENTRIES": env_int("LOCMEM_CACHE_ENTRIES", 5000)},
        }
    }


CACHES = cache_config(env("REDIS_URL"))

# Public site. The publisher name is the ClaimReview "publisher" and the feed title.
CLAIMTRACK_SITE_NAME = env("CLAIMTRACK_SITE_NAME", "ClaimTrack")
CLAIMTRACK_PUBLISHER_NAME = env("CLAIMTRACK_PUBLISHER_NAME", CLAIMTRACK_SITE_NAME)
# The publisher's own website, the ClaimReview author's "url" (empty: this site's root).
CLAIMTRACK_PUBLISHER_URL = env("CLAIMTRACK_PUBLISHER_URL")
# This site's absolute root, e.g. https://claims.example.org: links in exports made outside
# a request (manage.py export_claimreview), and how an import recognises our own verdicts.
CLAIMTRACK_SITE_URL = env("CLAIMTRACK_SITE_URL")
# How long anonymous visitors (and shared caches) may keep a public page, in seconds.
# Publishing a verdict needs two publishers: one approves, another publishes.
CLAIMTRACK_TWO_PUBLISHERS = env_bool("CLAIMTRACK_TWO_PUBLISHERS", default=False)
CLAIMTRACK_PAGE_CACHE_SECONDS = env_int("CLAIMTRACK_PAGE_CACHE_SECONDS", 300)
# With a shared cache (REDIS_URL), each process also keeps the pages it served last, up to
# this many bytes, and trusts the content version it read for this many seconds: a cached
# page then costs no round trip to Redis (claims/local_pages.py; 0 turns either off).
CLAIMTRACK_LOCAL_PAGE_CACHE_BYTES = env_int("CLAIMTRACK_LOCAL_PAGE_CACHE_BYTES", 32 * 1024 * 1024)
CLAIMTRACK_CONTENT_VERSION_SECONDS = env_int("CLAIMTRACK_CONTENT_VERSION_SECONDS", 1)
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

# ---------------------------------------------------------------------------- REST API
# claims/api/ (docs/api.md). JSON only, in and out: one error shape comes from one
# exception handler, and a body in any other content type is a 415, never a guess.
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous write a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["claims.api.permissions.ReadPublicWriteWithModelPermissions"],
    "DEFAULT_PARSER_CLASSES": ["claims.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "claims.api.filters.StableOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "claims.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_THROTTLE_CLASSES": [
        "claims.api.throttling.AnonymousThrottle",
        "claims.api.throttling.UserThrottle",
    ],
    "EXCEPTION_HANDLER": "claims.api.exceptions.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "claims.api.schema.AutoSchema",
}
# Requests per client (per IP address when anonymous, per user otherwise), in DRF's
# "number/period" form (second, minute, hour or day), e.g. "120/minute".
CLAIMTRACK_API_THROTTLE_ANON = env("API_THROTTLE_ANON", "60/minute")
CLAIMTRACK_API_THROTTLE_USER = env("API_THROTTLE_USER", "600/minute")

SPECTACULAR_SETTINGS = {
    "TITLE": "ClaimTrack API",
    "DESCRIPTION": (
        "Claims, who made them and where, the evidence and the verdicts. Anonymous clients "
        "read published data; editors write with a token or a session. Offsets in quotes "
        "count Unicode code points. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several models have a "kind" or a "stance", each with its own choices: name them.
    "ENUM_NAME_OVERRIDES": {
        "PublicationStatusEnum": "claims.models.common.PublicationStatus",
        # What a client may send as status (archiving is DELETE's business).
        "WritableStatusEnum": "claims.models.common.WRITABLE_STATUS_CHOICES",
        "CorrectionKindEnum": "claims.models.Correction.Kind",
        "AnchorStatusEnum": "claims.models.anchors.AnchorStatus",
        "ActorKindEnum": "claims.models.Actor.Kind",
        "SourceKindEnum": "claims.models.Source.Kind",
        "RelationKindEnum": "claims.models.ClaimRelation.Kind",
        "StatementStanceEnum": "claims.models.Statement.Stance",
        "EvidenceStanceEnum": "claims.models.Evidence.Stance",
        # The JSON-LD "@type"/"@context" constants of ClaimReview ("@" is no valid
        # component name, which drf-spectacular would otherwise derive).
        "JsonLdContextEnum": ["https://schema.org"],
        "JsonLdClaimReviewEnum": ["ClaimReview"],
        "JsonLdClaimEnum": ["Claim"],
        "JsonLdCreativeWorkEnum": ["CreativeWork"],
        "JsonLdRatingEnum": ["Rating"],
        "JsonLdOrganizationEnum": ["Organization"],
        "JsonLdPartyEnum": ["Person", "Organization"],
    },
    # The interactive docs load their JavaScript and CSS from this site's static files
    # (drf-spectacular-sidecar), never from a CDN. (No Redoc page: its template loads
    # web fonts from Google.)
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # validatorUrl: null, or Swagger UI shows a badge fetched from validator.swagger.io.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
}
