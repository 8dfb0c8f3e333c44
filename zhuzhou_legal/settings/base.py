"""Settings shared by every environment; everything that differs comes from the environment."""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Development default only; production.py requires DJANGO_SECRET_KEY and has no default.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default under several users at once. WAL: readers go on while one connection writes.
    # IMMEDIATE: each transaction (every request's, ATOMIC_REQUESTS) takes the write lock when it begins, so a
    # second writer waits for it (up to `timeout` seconds). With SQLite's default (DEFERRED) a transaction that
    # read first and then writes cannot wait: it fails at once with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE", "timeout": 20}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # No JIT: the planner's cost of a count with a correlated subquery passes jit_above_cost on the province
    # set, and compiling it took 6–15 ms of a 35–60 ms query (EXPLAIN ANALYZE, README "Performance").
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "zhuzhou_legal.admin.LegalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "auditlog",
    "import_export",
    "django_celery_beat",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "ui",
    "audit",
    "accounts",
    "figures",
    "operations",
    "advisers",
    "contracts",
    "budgets",
    "reviews",
    "reports",
    "selection",
    "perf",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "accounts.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.ResolvedUserMiddleware",
    "accounts.middleware.TwoFactorRequiredMiddleware",
    "accounts.middleware.RefusedAccessAuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.TrustedAuditlogMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhuzhou_legal.urls"
WSGI_APPLICATION = "zhuzhou_legal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # Names, money and dates are shown one way on every page, without a {% load %} to forget.
            "builtins": ["ui.templatetags.display", "audit.templatetags.audit_trail"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "login"
# GB/T 22239-2019 level 3: at least 12 characters of three classes, not the username, not guessable, not a
# recent one.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "accounts.passwords.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.passwords.NotUsernameValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    # Guessable patterns (keyboard walks, Password123!, pinyin names with digits, birthdays): zxcvbn's score 4,
    # about 10^10 guesses or more (accounts.passwords.GuessableValidator).
    {"NAME": "accounts.passwords.GuessableValidator", "OPTIONS": {"min_score": 4}},
    {"NAME": "accounts.passwords.PasswordHistoryValidator", "OPTIONS": {"depth": 3}},
]
# django-axes first: it refuses a locked-out account before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.ScopedModelBackend",
]

# Lockout: 5 failures on one account lock that account for 15 minutes, whatever address they come from.
# Locking by username only means a forged X-Forwarded-For cannot reset the count, and many users behind
# one proxy address are not locked out together. The address is only recorded; see accounts.security.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username"]
# axes.W006 asks for the address as a lockout parameter too; behind the bureau's proxy or NAT that would
# lock every user out after five failures anyone makes. Per-account counting cannot be bypassed by
# rotating addresses, user agents or cookies, which is what the warning is about.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
# The lock lasts 15 minutes from the fifth failure, as the lockout page says; tries meanwhile do not extend it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
# Our own AccessAttempt admin (accounts.admin) asks the permission policy; axes' would use Django perms.
AXES_ENABLE_ADMIN = False
AXES_LOCKOUT_CALLABLE = "accounts.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"
AXES_VERBOSE = False
# Failed attempts store the form's fields; the password change page's passwords are masked like `password`.
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "old_password", "new_password1", "new_password2"]
# Number of trusted reverse proxies in front of the app that append to X-Forwarded-For (nginx: 1).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Sessions end after 30 minutes without a request (every request pushes the expiry back).
# 30 minutes without a request end a session (accounts.middleware.IdleTimeoutMiddleware); the
# stored session outlives that by the middleware's refresh interval, so the middleware decides.
SESSION_IDLE_SECONDS = env.int("SESSION_IDLE_SECONDS", default=30 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS + 60
SESSION_SAVE_EVERY_REQUEST = False
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# Two-factor (TOTP) for bureau staff, administrators and superusers (accounts.middleware).
OTP_TOTP_ISSUER = "株洲市政府法律顾问管理系统"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Only where `seed_demo` ran: the demo `bureau` account's TOTP secret (base32), printed by seed_demo.
DEMO_TOTP_SECRET = env("DEMO_TOTP_SECRET", default="JBSWY3DPEHPK3PXPZHUZHOUDEMO23456")
# The demo accounts have a known password and TOTP secret: production.py turns seed_demo off (--force overrides).
DEMO_DATA_ALLOWED = True

# Security headers in every environment (HSTS and secure cookies only in production.py).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# No inline script or style anywhere (the admin of Django 5.2 has none either).
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Interface in Simplified Chinese by default; English through the browser's Accept-Language.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files are never served from MEDIA_URL directly: views check access first.
MEDIA_URL = "/media-not-public/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
MAX_UPLOAD_SIZE = env.int("MAX_UPLOAD_SIZE", default=10 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="株洲市司法局 <noreply@zhuzhou-legal.local>")

# Celery: with no REDIS_URL the tasks run in-process, so the app works without a broker.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
# Redelivery, bounded: a task is acknowledged after it finishes (acks_late), so a worker killed mid-task
# leaves its message unacknowledged; Redis hands it out again once it is older than the visibility timeout,
# and a worker looks for such messages every restore interval × throttle seconds. A killed worker's task is
# therefore back on the queue within 100 + 5 × 2 = 110 s (under two minutes). A task still running is
# never handed out twice: every late-acknowledged task is killed at its hard time limit (90 s) before its
# message can turn visible again (100 s). Report jobs (reports.tasks) are acknowledged early and carry a
# heartbeat instead: they may run longer than the visibility timeout. Tests shorten the three numbers.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 75
CELERY_TASK_TIME_LIMIT = 90
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=100),
    "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_INTERVAL", default=5),
    "unacked_restore_throttle": env.int("CELERY_UNACKED_RESTORE_THROTTLE", default=2),
}
# Recipients per reminder task (reviews.reminders).
REMINDER_BATCH_SIZE = env.int("REMINDER_BATCH_SIZE", default=100)
# Days a reminder sweep looks back for reminders that fell due but were never sent (reviews.reminders).
REMINDER_CATCH_UP_DAYS = env.int("REMINDER_CATCH_UP_DAYS", default=7)
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# Dashboard figures are cached (figures.aggregates): in Redis where there is one, so that every gunicorn
# worker and Celery process sees the same entries and the same version bumps; in-process otherwise (one
# process: the development server). The key prefix keeps them apart from Celery's keys in the same database.
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "zl",
            "TIMEOUT": 10 * 60,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "TIMEOUT": 10 * 60}}

DEMO_PASSWORD = env("DEMO_PASSWORD", default="zhuzhou-demo")

# Every model of ours is audited automatically, so a new model cannot be forgotten.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "admin",
    "auth",
    "auditlog",
    "axes",
    "contenttypes",
    "sessions",
    "django_celery_beat.periodictasks",
    "django_celery_results",
    "otp_totp",
    "otp_static",
    "accounts.passwordhistory",
)
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login", "path")
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_STORE_JSON_CHANGES = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every sign-in and failure; the audit trail already holds them.
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "ERROR"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

SITE_TITLE = _("Zhuzhou Municipal Government Legal Adviser Management System")

# PDF reports with more rows than this are rendered by a Celery task; the user follows its progress.
REPORT_DIRECT_MAX_ROWS = env.int("REPORT_DIRECT_MAX_ROWS", default=300)
# A rendering report job renews its heartbeat this often (seconds); one silent for longer than
# REPORT_JOB_RUNNING_STALE_SECONDS lost its worker and is shown as failed, with a button to try again. A queued
# job's heartbeat is its queueing: one not started within REPORT_JOB_QUEUED_STALE_SECONDS lost its message
# (report jobs are acknowledged early, and a broker restarted empty forgets its queue).
REPORT_JOB_HEARTBEAT_SECONDS = env.int("REPORT_JOB_HEARTBEAT_SECONDS", default=15)
REPORT_JOB_RUNNING_STALE_SECONDS = env.int("REPORT_JOB_RUNNING_STALE_SECONDS", default=90)
REPORT_JOB_QUEUED_STALE_SECONDS = env.int("REPORT_JOB_QUEUED_STALE_SECONDS", default=900)
# A worker process that grew past this (KiB) after a task is replaced: bounds memory of large PDFs.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env.int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", default=1_500_000)
