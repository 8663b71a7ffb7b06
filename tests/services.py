"""Is a PostgreSQL or Redis server reachable? Used by `make test` (exit 0 = yes)."""

import sys


def main(kind: str, url: str) -> int:
    try:
        if kind == "postgres":
            import psycopg

            dsn = url.replace("postgres://", "postgresql://", 1).rsplit("/", 1)[0] + "/postgres"
            with psycopg.connect(dsn, connect_timeout=3) as conn:
                conn.execute("SELECT 1")
        elif kind == "redis":
            import redis

            redis.Redis.from_url(url, socket_connect_timeout=3).ping()
        else:
            return 2
    except Exception:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
