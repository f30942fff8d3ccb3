"""Settings for Twinning: one file, driven by environment variables.

Every variable is listed in `.env.example`. The typed helpers below raise
`ImproperlyConfigured` naming the variable when a value cannot be read, and
production mode refuses an unsafe configuration instead of starting with it.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    """Read a string variable."""
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no variable; anything but a recognised word is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int = 0, maximum: int | None = None) -> int:
    """Read a whole-number variable no smaller than `minimum` (and no larger than `maximum`)."""
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    if maximum is not None and value > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, not {value}.")
    return value


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    """Read a variable that must be one of `choices`."""
    value = env_str(name, default).lower()
    if value not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {value!r}.")
    return value


# --- Mode -------------------------------------------------------------------
# development: runserver and tests; demo: `twinning demo`; production: `twinning serve`.
MODE = env_choice("TWINNING_MODE", "development", ("development", "demo", "production"))
PRODUCTION = MODE == "production"

DATA_DIR = Path(env_str("TWINNING_DATA_DIR", "var")).expanduser().resolve()

_DEV_SECRET = "insecure-development-key-do-not-use-in-production"  # noqa: S105 (refused in production)
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET)
DEBUG = env_bool("DEBUG", MODE == "development")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# --- Applications -----------------------------------------------------------
INSTALLED_APPS = [
    "twinning.core",
    "twinning.accounts",
    "twinning.places",
    "twinning.directory",
    "twinning.matching",
    "twinning.formation",
    "twinning.activities",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "twinning.apps.TwinningConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "twinning.accounts.middleware.ApiTokenMiddleware",
    "twinning.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "twinning.urls"
WSGI_APPLICATION = "twinning.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "twinning.core.context_processors.site",
                "twinning.navigation.main_menu",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------
_DATABASE_URL = env_str("DATABASE_URL")
if _DATABASE_URL:
    try:
        _db = dj_database_url.parse(_DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL cannot be read: {exc}") from None
    if _db["ENGINE"] not in (
        "django.db.backends.postgresql",
        "django.db.backends.sqlite3",
    ):
        raise ImproperlyConfigured("DATABASE_URL must be a postgres:// or sqlite:// address.")
else:
    _db = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "twinning.sqlite3",
    }
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one process writes; IMMEDIATE takes the write
    # lock at the start of a transaction so concurrent writers queue instead of
    # failing with "database is locked" (see REFERENCES.md).
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA busy_timeout=20000; PRAGMA foreign_keys=ON;",
    }
    _db["TEST"] = {"NAME": None}
    _db.pop("CONN_HEALTH_CHECKS", None)
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "twinning.accounts.backends.EmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_REDIRECT_URL = "core:home"
ACCOUNT_SIGNUP_FORM_CLASS = "twinning.accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "signup": "twinning.accounts.signup.EvenSignupForm",
    # allauth's other forms in the site's words
    **{
        name: f"twinning.accounts.allauth_forms.{form}"
        for name, form in (
            ("login", "LoginForm"),
            ("reset_password", "ResetPasswordForm"),
            ("change_password", "ChangePasswordForm"),
            ("reset_password_from_key", "ResetPasswordKeyForm"),
        )
    },
}
ACCOUNT_ADAPTER = "twinning.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Twinning] "
ACCOUNT_RATE_LIMITS_ENABLED = env_bool("TWINNING_RATE_LIMITS", True)
if not ACCOUNT_RATE_LIMITS_ENABLED:
    ACCOUNT_RATE_LIMITS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Twinning"

# Coordinators see everything, so in production they must use a second factor.
REQUIRE_MFA = env_bool("TWINNING_REQUIRE_MFA", PRODUCTION)

# --- Internationalisation ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date style per language, British in English ("17 February 2027", "14:05") and with the
# Levant's month names in Arabic: twinning/formats/<language>/formats.py, docs/dates.md.
FORMAT_MODULE_PATH = "twinning.formats"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("TWINNING_STATIC_ROOT", str(DATA_DIR / "static"))).resolve()
WHITENOISE_USE_FINDERS = MODE == "development"
# Source maps (megabytes, for developers' tools only) are served as they are: compressing
# them took most of the half-minute `collectstatic` spent at every start.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm", "pdf", "map"),
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if MODE == "development"
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- Email ------------------------------------------------------------------
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = 20
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Twinning <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The site's address, for links in emails sent outside a request (reminders, digests).
SITE_URL = env_str(
    "TWINNING_SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000",
)

# --- Matching ---------------------------------------------------------------
# An introduction that has not moved for this many days reminds its coordinator and organiser.
TWINNING_INTRODUCTION_REMINDER_DAYS = env_int("TWINNING_INTRODUCTION_REMINDER_DAYS", 30, minimum=1)

# --- Starting a group -------------------------------------------------------
# People within this distance of a pool's centre are pooled together…
TWINNING_POOL_RADIUS_KM = env_int("TWINNING_POOL_RADIUS_KM", 15, minimum=1)
# …and coordinators are alerted once this many of them agreed to be introduced.
TWINNING_POOL_THRESHOLD = env_int("TWINNING_POOL_THRESHOLD", 4, minimum=2)

# --- Running a group --------------------------------------------------------
# Visitors' passport details (for invitation letters) are erased this many days after the visit.
TWINNING_PASSPORT_RETENTION_DAYS = env_int(
    "TWINNING_PASSPORT_RETENTION_DAYS", 30, minimum=0, maximum=3650
)
# A link with no activity (meeting, visit, appeal entry…) for this many months is flagged.
TWINNING_DORMANT_AFTER_MONTHS = env_int(
    "TWINNING_DORMANT_AFTER_MONTHS", 12, minimum=1, maximum=1200
)

# --- Cache ------------------------------------------------------------------
# Shared by every web process, so that sign-in lockouts and other rate limits count each
# attempt once however many processes answer (a cache of each process's own would let
# two workers take twice the guesses): the database by default, Redis when configured.
REDIS_URL = env_str("TWINNING_REDIS_URL")
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(
        f"TWINNING_REDIS_URL must be a redis://, rediss:// or unix:// address, not {REDIS_URL!r}."
    )
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "twinning_cache",
            # Django culls a third of the rows to make room past MAX_ENTRIES, lockouts
            # included: only a flood of a million keys would do it
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    ),
    # Each process's own, for what may lag a few minutes between processes (suggestions).
    "local": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}

# --- Background tasks -------------------------------------------------------
# "database" keeps tasks in the database and a `db_worker` process runs them
# (started by `twinning serve`); "immediate" runs them inside the request.
TASKS_BACKEND = env_choice(
    "TWINNING_TASKS", "database" if PRODUCTION else "immediate", ("database", "immediate")
)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if TASKS_BACKEND == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# --- Security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("TWINNING_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TWINNING_BEHIND_PROXY", False) else None
)
# Turn these on once the site is served only over HTTPS (see the README).
SECURE_SSL_REDIRECT = env_bool("TWINNING_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = env_int("TWINNING_HSTS_SECONDS", 0)
# Only if every subdomain is served over HTTPS too, and the site is to be preloaded.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("TWINNING_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("TWINNING_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Logging ----------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "filters": {"client_errors_on_one_line": {"()": "twinning.core.logs.ClientErrorsOnOneLine"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO").upper()},
    "loggers": {
        # a refusal (403) or a bad request is one line; a 500 keeps its traceback
        "django.request": {"filters": ["client_errors_on_one_line"]},
        # WeasyPrint narrates each step of every PDF at INFO, and fontTools each font it subsets
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}


# --- Production safety ------------------------------------------------------
def unsafe_production_settings() -> list[str]:
    """Name each variable that makes this configuration unsafe to serve publicly."""
    problems = []
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 40:
        problems.append("SECRET_KEY must be set to a random value of at least 40 characters.")
    if DEBUG:
        problems.append("DEBUG must be false in production.")
    if not ALLOWED_HOSTS:
        problems.append("ALLOWED_HOSTS must list the host names the site answers to.")
    if not EMAIL_HOST:
        problems.append("EMAIL_HOST must name an SMTP server: sign-up needs email.")
    if "localhost" in DEFAULT_FROM_EMAIL:
        problems.append("DEFAULT_FROM_EMAIL must be an address people can reply to.")
    return problems


if PRODUCTION and (_problems := unsafe_production_settings()):
    raise ImproperlyConfigured(
        "Refusing to start in production mode:\n  - " + "\n  - ".join(_problems)
    )
