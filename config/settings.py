"""One settings module, driven by the environment.

Defaults are embedded and need no server: SQLite in the data directory and a Celery
broker on the filesystem. Production and CI set DATABASE_URL and REDIS_URL.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("OPENWEIGH_DATA_DIR", BASE_DIR / ".data")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG")


def secret_key_from(data_dir: Path) -> str:
    """SECRET_KEY from the environment or, when it is not set, from the data folder, where
    one is made (readable by its owner only) the first time and kept: `make run`, the CLI and
    a worker on the same machine then sign with the same key. Deployments that run on several
    machines set SECRET_KEY so that every one of them uses the same key."""
    if key := os.environ.get("SECRET_KEY", "").strip():
        return key
    key_file = data_dir / "secret_key"
    try:
        with os.fdopen(os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as f:
            f.write(secrets.token_urlsafe(50))
    except FileExistsError:
        pass
    key = key_file.read_text().strip()
    if not key:
        raise ImproperlyConfigured(
            f"{key_file} is empty. Delete it to have a new key made, or set SECRET_KEY."
        )
    return key


SECRET_KEY = secret_key_from(DATA_DIR)

ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]
CSRF_TRUSTED_ORIGINS = [
    origin.strip() for origin in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if origin
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Django's own widget templates, found by the form renderer below.
    "django.forms",
    "django_htmx",
    # Failed sign-ins, counted in the database (see "Sign-in" below).
    "axes",
    "decisions",
    "catalog",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A body over the upload limit is refused (413) before anything reads it: config/limits.py.
    "config.limits.RequestBodyLimitMiddleware",
    # Compresses pages (static files come compressed from WhiteNoise). Django's mitigation of
    # BREACH (random padding) is on.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Only the methods a page serves (405 otherwise), before the CSRF check and the view; and
    # pages are never stored by a browser or a proxy: config/methods.py, config/limits.py.
    "config.methods.AllowedMethodsMiddleware",
    "config.limits.PrivatePagesMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # htmx requests from a page whose sign-in has ended: see config/expired.py.
    "config.expired.SignedOutHtmxMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite (WAL) unless DATABASE_URL names another, e.g. postgres://user@host/db.
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Health checks: a connection the database dropped (a restart) is replaced at the next
    # request instead of failing it, so the app recovers without being restarted.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "openweigh.sqlite3"),
            # Kept open between requests: closing the last connection to a WAL database
            # checkpoints it and deletes the WAL, which costs about a millisecond each time.
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets the web server read while the worker writes progress.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # A hung Redis costs a request a second, not forever.
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Django's four password validators, for every password set through a form or
# `manage.py changepassword` / `createsuperuser`: at least 12 characters.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out sign-in before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "config.signin.SignInThrottle",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "config.expired.csrf_failure"
LOGIN_REDIRECT_URL = "decisions:dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Where collectstatic puts files (`make run` and production run it); WhiteNoise serves them
# with hashed names, compressed (gzip and Brotli) and cached for a year by the browser.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", DATA_DIR / "static"))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Every form field is rendered by Django through templates/forms/field.html (label, help,
# widget, errors), the same on every page.
FORM_RENDERER = "config.forms.FormRenderer"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    # plotly.js sets inline styles on the SVG elements it draws.
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

# Sessions live in the database (Django's default engine), not in the cache: when Redis (the
# broker and cache) is down, people stay signed in and the pages say that simulations are
# queued. A sign-in lasts SESSION_HOURS (12 by default: a working day, not a fortnight)
# from the moment of signing in, and ends when the user signs out.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_HOURS", "12")) * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# (The CSRF cookie stays readable by the page's script, which sends it with htmx requests.)

# HTTPS. Production sets HTTPS=true: plain HTTP is redirected, cookies are sent over HTTPS
# only, and browsers are told (HSTS) to use nothing else for HSTS_SECONDS. Behind a proxy that
# ends TLS, TRUSTED_PROXIES=1 (the number of proxies in front of the app) makes Django trust
# the proxy's X-Forwarded-Proto and X-Forwarded-For; the proxy must set both, overwriting
# what the client sent. `make run` serves plain HTTP on 127.0.0.1 and sets none of this.
HTTPS = env_bool("HTTPS")
TRUSTED_PROXIES = int(os.environ.get("TRUSTED_PROXIES", "0"))
if TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Sign-in: django-axes counts failed sign-ins per user name and address, in the database
# (so it holds when Redis is down). After SIGN_IN_FAILURES of them (5) that user name is
# refused from that address for SIGN_IN_LOCKOUT_MINUTES (15), even with the right password,
# and the page says until when; a successful sign-in clears the count. An operator lifts a
# lockout early with `manage.py axes_reset_username NAME`.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGN_IN_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGN_IN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.signin.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "config.signin.client_ip"
# Successful sign-ins are in the web server's log already; axes keeps only the failures.
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

# Background work is bounded: how many simulations one user, and one organisation, may have
# queued or running at once. A start beyond either is refused on the cost-model form.
SIMULATIONS_PER_USER = int(os.environ.get("SIMULATIONS_PER_USER", "3"))
SIMULATIONS_PER_ORGANIZATION = int(os.environ.get("SIMULATIONS_PER_ORGANIZATION", "10"))

# Celery: Redis when REDIS_URL is set; otherwise kombu's filesystem transport, so that
# `make run` has a real worker on a bare machine.
CELERY_BROKER_DIR = DATA_DIR / "broker"
REDIS_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {
    # Above the longest run (the hard time limit), so a slow task is not redelivered while
    # it is still running.
    "visibility_timeout": 3600,
    # Fail fast when Redis is down: the row stays queued and the sweep enqueues it later.
    # One second each, so that the page answers within two even when Redis hangs.
    "socket_timeout": 1,
    "socket_connect_timeout": 1,
    # A refused connection fails the publish at once instead of sleeping and retrying; the
    # worker's consumer reconnects through its own loop (broker_connection_retry).
    "max_retries": 0,
}
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = REDIS_BROKER_TRANSPORT_OPTIONS
else:
    CELERY_BROKER_URL = "filesystem://"
    # kombu's filesystem transport, writing each message atomically (see config/broker.py).
    CELERY_BROKER_TRANSPORT = "config.broker:Transport"
    for folder in ("queue", "control", "processed"):
        (CELERY_BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "control_folder": str(CELERY_BROKER_DIR / "control"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
        "polling_interval": 0.1,
    }
# Results live on model rows that pages poll; no result backend.
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 600
CELERY_TASK_TIME_LIMIT = 660
# Fail fast when the broker is down: the row stays queued and the sweep re-enqueues it.
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A refused request (403, 404, 405, a body too big, a bad host) is the client's doing:
    # one line at WARNING, without the traceback Django attaches (config/limits.py).
    "filters": {"refusals": {"()": "config.limits.OneLineRefusals"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["refusals"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # django-axes tells of every sign-in at INFO; a lockout is a WARNING.
        "axes": {"level": "WARNING"},
    },
}

CELERY_BEAT_SCHEDULE = {
    # Re-enqueue simulations the broker or a dead worker left behind.
    "sweep-simulations": {"task": "decisions.tasks.sweep_simulations_task", "schedule": 15.0},
    # Mark accepted records whose revisit date has come, and re-score them with today's model.
    "review-records": {"task": "decisions.tasks.review_records_task", "schedule": 3600.0},
}
