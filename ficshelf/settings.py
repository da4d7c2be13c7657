"""Ficshelf settings: one module, everything deploy-specific from the environment.

DATABASE_URL      unset or empty: SQLite under FICSHELF_DATA_DIR; else e.g. postgres://…
FICSHELF_DATA_DIR where the SQLite database and collected static files live (./var/)
SECRET_KEY        required when DEBUG is off; a development key is generated per data dir
ALLOWED_HOSTS     comma-separated (default: 127.0.0.1,localhost)
DEBUG             "1" to show Django's debug pages
EMAIL_URL         smtp://user:pass@host:587 (default: mail is printed to the console)
SITE_URL          the archive's public address, used in mails and downloads; https://…
                  turns on the HTTPS redirect, HSTS and secure cookies
TRUSTED_PROXIES   addresses or networks of the reverse proxies in front (default: loopback)
SECURE_COOKIES, SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS,
SECURE_HSTS_PRELOAD   override what an https:// SITE_URL implies (docs/deploy.md)
FICSHELF_GUEST_MAX_AGE  seconds a cache may keep a guest's page (default 60)
FICSHELF_BENCH    "1" installs the bench app; `ficshelf bench` sets it for itself
FICSHELF_THROTTLE_<ACTION>  the account throttles (login_failed, signup, reset_password, …):
                  see ACCOUNT_RATE_LIMITS below and docs/deploy.md
LOG_FORMAT        "json" for one JSON object a line, request logs included; "text" (default)
METRICS_TOKEN     a bearer token that may read /metrics from anywhere (default: loopback only)
FICSHELF_HEALTH_MAX_QUEUE_LAG  seconds the oldest ready task may wait before /healthz says 503
"""

import os
import secrets
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("FICSHELF_DATA_DIR") or Path.cwd() / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "")
    return value.strip().lower() in ("1", "true", "yes", "on") if value else default


def _secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    # A self-hosted archive should not ship a shared key: make one per install.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _env_networks(name: str, default: str) -> tuple[IPv4Network | IPv6Network, ...]:
    networks = []
    for entry in os.environ.get(name, default).split(","):
        if entry.strip():
            try:
                networks.append(ip_network(entry.strip(), strict=False))
            except ValueError:
                raise ImproperlyConfigured(
                    f"{name}: {entry.strip()!r} is not an IP address or network (such as 10.0.0.0/8)."
                ) from None
    return tuple(networks)


DEBUG = _env_bool("DEBUG")
SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("SITE_NAME", "Ficshelf")
# The reverse proxies in front of the archive. Only a request from one of them may say
# (X-Forwarded-For, X-Forwarded-Proto) who the client is and whether it came over
# HTTPS: site/proxies.py. Addresses rather than a count of hops, because a count
# believes whoever connects: one request reaching the server around the proxy could
# claim any address. Loopback by default (nginx on the same host); empty trusts nobody.
TRUSTED_PROXIES = _env_networks("TRUSTED_PROXIES", "127.0.0.1,::1")

INSTALLED_APPS = [
    # Django's admin, with every ModelAdmin writing the audit log (moderation/admin_site.py).
    "ficshelf.moderation.apps.FicshelfAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before django_tasks_db, whose `db_worker` command site's own (with heartbeats) replaces.
    "ficshelf.site",
    "django_tasks",
    "django_tasks_db",
    "ficshelf.accounts",
    "ficshelf.tags",
    "ficshelf.works",
    "ficshelf.importing",
    "ficshelf.community",
    "ficshelf.search",
    "ficshelf.listings",
    "ficshelf.downloads",
    "ficshelf.feeds",
    "ficshelf.moderation",
    # After ficshelf.accounts, whose templates (accounts/templates/account/) override allauth's.
    "allauth",
    "allauth.account",
]
# The benchmarks (`ficshelf bench …`) are no part of a serving archive: cli.py sets
# FICSHELF_BENCH for that command (and its help) alone. The app holds only the
# command: no models, migrations, templates or static files that others would miss.
if _env_bool("FICSHELF_BENCH"):
    INSTALLED_APPS.append("ficshelf.bench")

MIDDLEWARE = [
    # First and last, so request latency includes every other middleware (/metrics).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "ficshelf.site.proxies.RealClientMiddleware",
    "ficshelf.site.logs.LogRequests",
    "ficshelf.site.metrics.CountQueries",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the middleware that set cookies on the way out: a page with a cookie is never public.
    "ficshelf.caching.GuestCaching",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Last but the metrics, so its 400 page has the session, the user and messages as any page has.
    "ficshelf.site.middleware.RefuseControlCharacters",
    "ficshelf.site.metrics.PrometheusAfter",
]

ROOT_URLCONF = "ficshelf.urls"
WSGI_APPLICATION = "ficshelf.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "listings:home"
LOGOUT_REDIRECT_URL = "listings:home"
AUTHENTICATION_BACKENDS = [
    # Django's, for the admin and force_login; allauth's, for logging in by user name or email.
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): sign-up, login by user name or email (as on AO3), email
# verification, password reset and email change. A new account may log in and read at
# once; until its address is verified it may not write (User.may_write).
ACCOUNT_ADAPTER = "ficshelf.accounts.adapter.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_FORMS = {"login": "ficshelf.accounts.forms.LoginForm", "signup": "ficshelf.accounts.forms.SignupForm"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one replaces it once verified
# A reset asked for an address nobody uses sends nothing, so the form cannot mail strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = urlsplit(SITE_URL).scheme or "http"
# Throttles: allauth's rate limits, "AMOUNT/PERIOD/PER" with PER one of ip (the client
# address site/proxies.py decided), key (the account name or email the form names) or
# user, comma-separated, each overridable by FICSHELF_THROTTLE_<ACTION> (docs/deploy.md).
# Login failures: AO3's 5 per 20 seconds per address and per account, and a lockout:
# 20 failures within an hour lock the account until the oldest of them is an hour old.
ACCOUNT_RATE_LIMITS = {
    action: os.environ.get(f"FICSHELF_THROTTLE_{action.upper()}", default)
    for action, default in {
        "login_failed": "5/20s/ip,5/20s/key,20/1h/key",
        "login": "30/m/ip",
        "signup": "5/1h/ip",
        "reset_password": "5/1h/ip,3/1h/key",
        "reset_password_from_key": "20/m/ip",
        "manage_email": "10/1h/user,10/1h/ip",
        "change_password": "5/m/user",
        "reauthenticate": "10/m/user",
        "confirm_email": "1/3m/key",  # re-sending the verification mail to one address
    }.items()
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "builtins": ["django.contrib.humanize.templatetags.humanize"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "ficshelf.accounts.context_processors.site",
            ],
        },
    },
]

if os.environ.get("DATABASE_URL", "").strip():
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # Listing queries over a million works carry high cost estimates, so PostgreSQL
        # would JIT-compile them (50-200 ms) or start parallel workers (40-190 ms before
        # the first row on two cores) for work that takes a few milliseconds.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
            "-c jit=off -c max_parallel_workers_per_gather=0"
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "ficshelf.sqlite3"),
            "OPTIONS": {
                # WAL lets readers carry on while a writer commits; IMMEDIATE takes the write
                # lock at BEGIN so concurrent writers wait instead of failing mid-transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every process on this machine (gunicorn workers, the task worker),
# so rate limits and throttles count across them.
CACHES = {
    "default": {
        # Django's file cache, counting hits and misses for /metrics.
        "BACKEND": "ficshelf.site.cache_backends.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
    }
}

# Background work (notifications, re-indexing, large downloads) is queued in the
# database and run by `ficshelf db_worker`, which `ficshelf serve` starts beside the
# web server. FICSHELF_TASKS=immediate runs tasks inline instead (tests, tiny sites).
TASKS: dict[str, dict[str, str | list[str]]] = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("FICSHELF_TASKS") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": [],  # any queue name
    }
}
# Each `ficshelf db_worker` stamps a heartbeat this often (seconds); a RUNNING task whose
# worker has been silent for three heartbeats is queued again (ficshelf/site/workers.py).
FICSHELF_WORKER_HEARTBEAT = float(os.environ.get("FICSHELF_WORKER_HEARTBEAT", 10))
# /healthz answers 503 once the oldest ready task has waited this many seconds.
FICSHELF_HEALTH_MAX_QUEUE_LAG = float(os.environ.get("FICSHELF_HEALTH_MAX_QUEUE_LAG", 300))
# /metrics answers loopback, and anyone sending "Authorization: Bearer METRICS_TOKEN".
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# A chapter may hold 510,000 characters, as on AO3; the request limit leaves room for
# the rest of the form, so an oversized chapter gets a form error instead of a 400.
FICSHELF_MAX_CHAPTER_CHARS = int(os.environ.get("FICSHELF_MAX_CHAPTER_CHARS", 510_000))
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024
# Story files bigger than this are refused by the importer, on the web and on the command line.
FICSHELF_IMPORT_MAX_BYTES = int(os.environ.get("FICSHELF_IMPORT_MAX_BYTES", 50 * 1024 * 1024))
FICSHELF_PER_PAGE = 20
# How long a shared cache (nginx, a CDN) or a browser may keep a guest's page without
# asking again (ficshelf/caching.py). Short, so a new chapter shows within a minute.
FICSHELF_GUEST_MAX_AGE = int(os.environ.get("FICSHELF_GUEST_MAX_AGE", 60))
# How long a guest's kudos and comment forms stay good after their page was made
# (community/guest_forms.py): a day longer than a tab plausibly stays open unread.
FICSHELF_GUEST_FORM_MAX_AGE = 2 * 24 * 60 * 60
# Listing and search queries stop after this many seconds with a "narrow your search"
# message: well inside gunicorn's 60-second worker timeout.
FICSHELF_SEARCH_TIME_LIMIT = float(os.environ.get("FICSHELF_SEARCH_TIME_LIMIT", 10))

# An archive whose SITE_URL is https:// is served over HTTPS only: plain http redirects
# (SECURE_SSL_REDIRECT), browsers are told to come back over HTTPS for a year (HSTS),
# and cookies travel on HTTPS alone. Behind a proxy, TRUSTED_PROXIES must name it, or
# every request looks like plain http and redirects to itself (docs/deploy.md).
_HTTPS = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = _env_bool("SECURE_SSL_REDIRECT", _HTTPS)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or (365 * 24 * 3600 if _HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("SECURE_HSTS_PRELOAD")
# Preloading asks browsers to hard-code HTTPS for the whole domain and is slow to
# undo: the operator's choice (SECURE_HSTS_PRELOAD=1), so check --deploy keeps quiet
# about leaving it off.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Load balancers and Prometheus ask over plain http from inside; a redirect is no answer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", _HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Only the archive's own scripts and styles run: no inline <script>, on…= handler or
# style attribute anywhere (templates keep them in static files), so a script that
# slipped past the sanitizer would not run. Story text may show images from anywhere
# on the web, as on AO3; nothing may frame the site or embed plugins.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "https:", "http:", "data:"],  # data: for the empty favicon
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Browser features the archive never uses, refused to every page (and anything it embeds).
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
        "hid", "magnetometer", "microphone", "midi", "payment", "serial", "usb",
    )
}  # fmt: skip


def _email_settings(url: str) -> dict:
    if not url:
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    parts = urlsplit(url)
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": parts.port or (465 if parts.scheme == "smtps" else 587),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_SSL": parts.scheme == "smtps",
        "EMAIL_USE_TLS": parts.scheme == "smtp+tls",
    }


globals().update(_email_settings(os.environ.get("EMAIL_URL", "")))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Ficshelf <noreply@localhost>")

LOG_FORMAT = os.environ.get("LOG_FORMAT", "text").strip().lower() or "text"
if LOG_FORMAT not in ("text", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT: {LOG_FORMAT!r} is neither text nor json.")
# Text is for people (gunicorn logs each request); json is one object a line for log
# collectors, with Ficshelf's own request log in place of gunicorn's (site/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_secrets": {"()": "ficshelf.site.logs.RedactSecrets"}},
    "formatters": {"json": {"()": "ficshelf.site.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["redact_secrets"],
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "ficshelf.requests": {"level": "INFO" if LOG_FORMAT == "json" else "WARNING"},
        # Django's default adds a plain, unredacted console handler while DEBUG is on;
        # its records reach the one above through the root instead.
        "django": {"handlers": [], "level": "INFO"},
    },
}
