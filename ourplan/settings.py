"""OurPlan's settings: all in one place, read from the environment.

Development mode (``OURPLAN_DEV=1``, set by ``make``) has safe local defaults. Without it the
settings are for production: they refuse to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``,
and ``DEBUG`` is never on. ``sample.env`` documents every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


TESTING = "pytest" in sys.modules
DEV = env_flag("OURPLAN_DEV") or TESTING

if DEV:
    SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef")
    ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h]
    DEBUG = env_flag("DEBUG", default=not TESTING)
else:
    SECRET_KEY = env("SECRET_KEY")
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random value (see sample.env), "
            "or set OURPLAN_DEV=1 to run on your own computer."
        )
    ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "").split(",") if h.strip()]
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured(
            "ALLOWED_HOSTS is not set. Set it to the host names OurPlan is served on, "
            "separated by commas (see sample.env)."
        )
    DEBUG = False

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks",
    "django_tasks_db",
    # Two-step sign-in: codes from an authenticator app (TOTP), and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ourplan",
    "accounts",
    "people",
    "profiles",
    "plainwords",
    "reviews",
    "plans",
    "caseload",
    "reminders",
    "privacy",
    "insights",
    "toolkit",
    "audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "ourplan.middleware.security_headers",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.sessions.session_limits",
    "accounts.two_step.second_step_required",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ourplan.urls"
WSGI_APPLICATION = "ourplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ourplan.context_processors.site",
            ],
        },
    }
]
FORM_RENDERER = "ourplan.forms.GovukFormRenderer"

# Rendered parts of pages (the review page's six questions) hold people's words, so they stay in
# each server process's own memory, never in a shared cache server.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}}}

DATA_DIR = Path(env("OURPLAN_DATA_DIR", BASE_DIR / "var"))
if not env("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'ourplan.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and a writer work at once; a busy timeout waits instead of failing. The log
    # is copied back into the database every 8,000 pages (32 MB) rather than SQLite's 1,000: every
    # look at a list writes an audit event per person, to the same index pages again and again,
    # and a longer log copies each of those pages back once rather than many times. The log file
    # is cut back to 64 MB after each copy.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA wal_autocheckpoint=8000; PRAGMA journal_size_limit=67108864;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0 if TESTING else DATABASES["default"]["CONN_MAX_AGE"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Profile photos: a private folder, never under MEDIA or STATIC and never served by the web server
# itself. OurPlan serves each photo only to the person's circle and their share links (profiles.photos).
PHOTO_DIR = Path(env("OURPLAN_PHOTO_DIR", DATA_DIR / "photos"))
if TESTING:
    import tempfile

    PHOTO_DIR = Path(tempfile.gettempdir()) / "ourplan-test-photos"  # tests usually give each one its own

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["accounts.backends.OurPlanBackend"]
LOGIN_URL = "accounts:sign_in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:sign_in"
# Authenticator apps show this name beside the six-digit codes.
OTP_TOTP_ISSUER = "OurPlan"
# The demo area's accounts show their current code on the sign-in page, so that someone trying
# OurPlan on their own computer needs no authenticator app. Never on a real server.
OURPLAN_SHOW_DEMO_CODES = DEV and not TESTING
# At least 12 characters: the length OWASP ASVS level 2 asks for, and easy to reach with a few
# words strung together. Django also refuses the 20,000 most common passwords, one too like the
# person's name or email address, and one made only of numbers.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Argon2 for new passwords; a password saved with an older hasher still works and is re-hashed
# with Argon2 the next time its owner signs in. Tests use a fast hasher.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# Every word on screen is marked for translation ({% translate %}, gettext), but OurPlan ships only
# British English, so Django's translation machinery is switched off: with it on, each page looked
# up every one of its ~100 words in an empty catalogue, through a per-request language lookup,
# about a fifth of the time it takes to draw a page. Switch it on (and add LocaleMiddleware and
# LANGUAGES) when a Welsh catalogue is added under locale/.
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
    "profiles.symbols.SymbolFinder",  # the chosen OpenMoji pictures only, not all 4,000
]
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules/govuk-frontend/dist/govuk"),
    ("htmx", BASE_DIR / "node_modules/htmx.org/dist"),
    ("js", BASE_DIR / "assets/js"),
    ("img", BASE_DIR / "assets/img"),
    BASE_DIR / "static_build",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEV
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEV
WHITENOISE_AUTOREFRESH = DEV

# Email: SMTP in production; in development each message is printed and kept in var/outbox,
# where the outbox page (/dev/outbox/) shows it so an invitation can be followed without a mail server.
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "OurPlan <no-reply@ourplan.localhost>")
EMAIL_OUTBOX_DIR = DATA_DIR / "outbox"
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif DEV:
    EMAIL_BACKEND = "ourplan.mail.DevOutboxBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(env("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_flag("EMAIL_USE_TLS", True)

# Background jobs: Django's task API (django-tasks backport) with the database backend, run by
# `manage.py db_worker`. Tests run tasks at once.
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend",
    }
}

# Where links in emails point.
SITE_URL = env("SITE_URL", f"http://127.0.0.1:{env('PORT', '8000')}" if DEV else "").rstrip("/")
if not DEV and not SITE_URL:
    exact_hosts = [h for h in ALLOWED_HOSTS if not h.startswith(".") and "*" not in h]
    if not exact_hosts:
        raise ImproperlyConfigured(
            "SITE_URL is not set. Set it to the address people use, like https://ourplan.example.org"
        )
    SITE_URL = f"https://{exact_hosts[0]}"

# Behind a proxy that terminates HTTPS: trust its X-Forwarded-Proto, and take the visitor's address
# for audit records from the last X-Forwarded-For entry (the one the proxy itself added).
BEHIND_PROXY = env_flag("BEHIND_PROXY")

# Everyone is signed out 12 hours after signing in, and professionals after 30 minutes without
# activity (accounts.sessions). The cookie lasts no longer than the longest session.
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEV:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("SECURE_HSTS_PRELOAD", True)
    if BEHIND_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS if not h.startswith(".")]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Addresses that are themselves secrets (invitations, share links, calendar feeds) and email
    # addresses are never written to the logs whole (ourplan.logs); nor are the words of a
    # background job's error (a mail server's refusal names the address it refused).
    "filters": {
        "hide_secrets": {"()": "ourplan.logs.HideSecrets"},
        "hide_job_error_words": {"()": "ourplan.logs.HideJobErrorWords"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_secrets"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
    "loggers": {
        # At DEBUG the template engine logs whole page contexts (names, statements): never,
        # whatever LOG_LEVEL says.
        "django.template": {"level": "INFO"},
        # On the loggers themselves, so every handler (not only the console) gets the cleaned record.
        "django_tasks": {"filters": ["hide_job_error_words"]},
        "django_tasks_db": {"filters": ["hide_job_error_words"]},
    },
}
