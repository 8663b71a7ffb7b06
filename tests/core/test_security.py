import pytest
from django.db import connection


def test_pages_carry_a_strict_content_security_policy(world, client_for):
    response = client_for(world.member).get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_templates_have_no_inline_script(world, client_for):
    html = client_for(world.member).get("/").content.decode()
    assert "<script>" not in html
    for chunk in html.split("<script")[1:]:
        assert "src=" in chunk.split(">")[0]


def test_sqlite_is_tuned_for_concurrent_writers(db):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite tuning applies to the SQLite run")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_postgres_connections_are_reused(db):
    if connection.vendor != "postgresql":
        pytest.skip("connection reuse applies to the PostgreSQL run")
    assert (
        connection.settings_dict["CONN_MAX_AGE"] > 0
        or "pool" in connection.settings_dict["OPTIONS"]
    )
