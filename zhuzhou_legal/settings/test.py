"""Test settings: fast hashing, mail kept in memory."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

# Tasks run in-process in tests unless a test starts a real worker (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)  # noqa: F405

# In-process even where REDIS_URL is set, and emptied before each test (tests/conftest.py): cached
# figures never leak from one test (or one run) into another.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# A file, not SQLite's in-memory default: requests served by the live server's threads then use connections of
# their own and compete for the write lock as in production (tests/accounts/test_sqlite_under_load.py). Under
# xdist pytest-django appends the worker's name (.test-db.sqlite3_gw0).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405
    # A test database need not survive a power cut: no fsync at each commit (the transactional tests commit
    # every request).
    DATABASES["default"]["OPTIONS"]["init_command"] += "PRAGMA synchronous=OFF;"  # noqa: F405
else:
    # The same for PostgreSQL: a commit does not wait for its WAL to reach the disk (a crash could lose the last
    # commits, never corrupt the database).
    DATABASES["default"]["OPTIONS"]["options"] += " -c synchronous_commit=off"  # noqa: F405
