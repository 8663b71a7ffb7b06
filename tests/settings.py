"""Test settings: the production settings module, read with a test environment."""

import atexit
import os
import shutil
import tempfile

os.environ.setdefault("WAYPOINT_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("WAYPOINT_SECURE", "0")
if "WAYPOINT_DATA_DIR" not in os.environ:
    _data_dir = tempfile.mkdtemp(prefix="waypoint-test-")
    os.environ["WAYPOINT_DATA_DIR"] = _data_dir
    atexit.register(shutil.rmtree, _data_dir, ignore_errors=True)
os.environ.setdefault("WAYPOINT_QUEUE_NAME", f"waypoint-test-{os.getpid()}")

from waypoint.settings import *  # noqa: E402,F403

# Argon2 is deliberately slow; tests log in hundreds of times.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
