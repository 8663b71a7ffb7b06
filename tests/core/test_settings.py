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


def _settings_of(code: str, **env_overrides) -> subprocess.CompletedProcess:
    return _start_code(
        "import django; django.setup(); from django.conf import settings as s; " + code,
        **env_overrides,
    )


def _start_code(code: str, **env_overrides) -> subprocess.CompletedProcess:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("WAYPOINT_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="waypoint.settings",
        WAYPOINT_DATA_DIR=os.environ["WAYPOINT_DATA_DIR"],
        WAYPOINT_SECRET_KEY="k" * 40,
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def test_addresses_with_passwords_can_come_from_files(tmp_path):
    files = {}
    for name, value in {
        "DATABASE_URL": "postgres://waypoint:s3cret@db.internal:5432/waypoint",
        "REDIS_URL": "redis://:s3cret@cache.internal:6379/0",
        "WAYPOINT_EMAIL_URL": "smtp://mailer:s3cret@smtp.internal:587",
    }.items():
        path = tmp_path / name
        path.write_text(value + "\n")
        files[f"{name}_FILE"] = str(path)
    result = _settings_of(
        "print(s.DATABASES['default']['HOST'], s.DATABASES['default']['PASSWORD'], "
        "s.CACHES['default']['LOCATION'], s.EMAIL_HOST, s.EMAIL_HOST_PASSWORD)",
        **files,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "db.internal",
        "s3cret",
        "redis://:s3cret@cache.internal:6379/0",
        "smtp.internal",
        "s3cret",
    ]


@pytest.mark.parametrize("value,expected", [(None, "10"), ("5", "5")])
def test_the_suppression_threshold_is_a_setting(value, expected):
    extra = {} if value is None else {"WAYPOINT_SUPPRESSION_THRESHOLD": value}
    result = _settings_of("print(s.SUPPRESSION_THRESHOLD)", **extra)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == expected
    refused = _settings_of("", WAYPOINT_SUPPRESSION_THRESHOLD="0")
    assert refused.returncode != 0 and "WAYPOINT_SUPPRESSION_THRESHOLD" in refused.stderr


def test_scheduled_tasks_run_on_the_programs_clock():
    # huey reads crontabs in local time, and Django sets the process's local time to
    # WAYPOINT_TIME_ZONE: a task "at 06:45" runs at 06:45 in the programs' time zone.
    result = _start_code(
        "import django; django.setup(); import time; from huey.contrib.djhuey import HUEY; "
        "print(HUEY.utc, time.strftime('%Z'))",
        WAYPOINT_TIME_ZONE="America/Los_Angeles",
    )
    assert result.returncode == 0, result.stderr
    utc, zone = result.stdout.split()
    assert utc == "False" and zone in {"PST", "PDT"}


def test_behind_a_proxy_the_client_address_is_the_forwarded_one():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from django.test import RequestFactory; from waypoint.audit.middleware import client_ip; "
        "r = RequestFactory().get('/', REMOTE_ADDR='10.0.0.2', "
        "HTTP_X_FORWARDED_FOR='6.6.6.6, 203.0.113.9'); "
        "print(s.ALLAUTH_TRUSTED_PROXY_COUNT, client_ip(r))"
    )
    behind = _start_code(code, WAYPOINT_BEHIND_PROXY="1")
    assert behind.returncode == 0, behind.stderr
    # The address the (one) proxy saw; what the client itself claimed (6.6.6.6) is ignored.
    assert behind.stdout.split() == ["1", "203.0.113.9"]
    direct = _start_code(code.replace("s.ALLAUTH_TRUSTED_PROXY_COUNT", "0"))
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.split() == ["0", "10.0.0.2"]
