"""Test settings: the production settings module, read with a test environment."""

import os
import tempfile

os.environ.setdefault("WAYPOINT_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("WAYPOINT_SECURE", "0")
os.environ.setdefault("WAYPOINT_DATA_DIR", tempfile.mkdtemp(prefix="waypoint-test-"))
os.environ.setdefault("WAYPOINT_QUEUE_NAME", f"waypoint-test-{os.getpid()}")

from waypoint.settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
