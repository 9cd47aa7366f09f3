"""CityLoop settings, read from the environment.

CITYLOOP_ENV chooses the profile:
- ``production`` (the default when nothing is set, so a forgotten variable fails safe): a secret key
  must be given, cookies are HTTPS-only, HSTS and the SSL redirect are on, demo data is refused.
- ``demo``: the embedded laptop profile used by ``scripts/start.sh`` — plain HTTP on 127.0.0.1,
  SQLite in the local data folder, the demo city allowed.
- ``test``: what the test suite runs with (see ``settings_test``).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

CITYLOOP_ENV = env.str("CITYLOOP_ENV", default="production")
if CITYLOOP_ENV not in {"production", "demo", "test"}:
    raise environ.ImproperlyConfigured(f"CITYLOOP_ENV must be production, demo or test, not {CITYLOOP_ENV!r}")
PRODUCTION = CITYLOOP_ENV == "production"

DATA_DIR = Path(env.str("CITYLOOP_DATA_DIR", default=str(BASE_DIR / "var")))

if PRODUCTION:
    SECRET_KEY = env.str("CITYLOOP_SECRET_KEY")  # no default: production must be given one
else:
    SECRET_KEY = env.str(
        "CITYLOOP_SECRET_KEY", default="insecure-demo-key-only-for-127.0.0.1-never-for-production"
    )
DEBUG = env.bool("CITYLOOP_DEBUG", default=False)
ALLOWED_HOSTS = env.list(
    "CITYLOOP_ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CITYLOOP_CSRF_TRUSTED_ORIGINS", default=[])

# Demo accounts and the generated demo city may exist only outside production.
CITYLOOP_DEMO_ALLOWED = not PRODUCTION

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "cityloop.core",
    "cityloop.accounts",
    "cityloop.geo",
    "cityloop.catalog",
    "cityloop.org",
    "cityloop.assets",
    "cityloop.worktime",
    "cityloop.cases",
    "cityloop.demo",
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
]

ROOT_URLCONF = "cityloop.urls"
WSGI_APPLICATION = "cityloop.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: SQLite in the data folder unless DATABASE_URL names another (postgres://…).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{DATA_DIR / 'cityloop.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE takes the write lock at BEGIN so
    # two writers queue instead of failing half-way with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CITYLOOP_DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
TIME_ZONE = env.str("CITYLOOP_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("CITYLOOP_STATIC_ROOT", default=str(DATA_DIR / "static")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("CITYLOOP_MEDIA_ROOT", default=str(DATA_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Transport security. Production defaults are strict; a deployment behind a TLS-terminating proxy
# sets CITYLOOP_PROXY_SSL_HEADER=1 so Django trusts X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env.bool("CITYLOOP_SSL_REDIRECT", default=PRODUCTION)
SESSION_COOKIE_SECURE = env.bool("CITYLOOP_SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("CITYLOOP_HSTS_SECONDS", default=31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
if env.bool("CITYLOOP_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("CITYLOOP_LOG_LEVEL", default="INFO")},
}

# Geocoding: how often (seconds) a process re-checks whether grids changed in the database.
CITYLOOP_GEOCODER_RECHECK_SECONDS = env.float("CITYLOOP_GEOCODER_RECHECK_SECONDS", default=2.0)

# Traffic light: a case turns yellow when at most this share of its time limit is left (DESIGN §3).
CITYLOOP_YELLOW_SHARE = env.float("CITYLOOP_YELLOW_SHARE", default=0.2)
