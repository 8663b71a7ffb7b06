"""Start-up refuses bad configuration with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start(**env_overrides) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WAYPOINT_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "waypoint.settings",
            "WAYPOINT_DATA_DIR": os.environ["WAYPOINT_DATA_DIR"],
        }
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "variable,value",
    [
        ("WAYPOINT_DEBUG", "maybe"),
        ("WAYPOINT_SESSION_IDLE_MINUTES", "thirty"),
        ("WAYPOINT_LOGIN_LOCKOUT_ATTEMPTS", "0"),
        ("DATABASE_URL", "mysql://root@localhost/waypoint"),
        ("WAYPOINT_EMAIL_URL", "carrier-pigeon://coop"),
    ],
)
def test_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = _start(WAYPOINT_SECRET_KEY="x" * 40, **{variable: value})
    assert result.returncode != 0
    assert variable in result.stderr


def test_missing_secret_key_outside_debug_is_refused():
    result = _start()
    assert result.returncode != 0
    assert "WAYPOINT_SECRET_KEY" in result.stderr


def test_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "y" * 40 + "\n")
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)",
        ],
        cwd=ROOT,
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("WAYPOINT_")},
            "DJANGO_SETTINGS_MODULE": "waypoint.settings",
            "WAYPOINT_DATA_DIR": os.environ["WAYPOINT_DATA_DIR"],
            "WAYPOINT_SECRET_KEY_FILE": str(secret),
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "from-a-file-" + "y" * 40


def test_secure_by_default_outside_debug():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, s.DEBUG)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("WAYPOINT_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "waypoint.settings",
            "WAYPOINT_SECRET_KEY": "z" * 40,
            "WAYPOINT_DATA_DIR": os.environ["WAYPOINT_DATA_DIR"],
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "True", "False"]
