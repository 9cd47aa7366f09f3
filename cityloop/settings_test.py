"""Settings for the test suite: the ``test`` profile, on SQLite unless DATABASE_URL says otherwise."""

import os

os.environ.setdefault("CITYLOOP_ENV", "test")

from cityloop.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast, tests only
CITYLOOP_GEOCODER_RECHECK_SECONDS = 0.0  # tests see grid changes at once
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405  (whitenoise warns about a missing folder)
