"""SQLite as configured (WAL, busy timeout, IMMEDIATE transactions) takes 8 writers at once."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

WRITERS = 8
WRITES_EACH = 40

SCRIPT = textwrap.dedent(
    """
    import json, threading, django
    django.setup()
    WRITERS, WRITES_EACH = __COUNTS__
    from django.db import connection, connections, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE tally (writer INTEGER, n INTEGER, note TEXT)")
    errors = []

    def write(writer):
        try:
            for n in range(WRITES_EACH):
                # read-then-write in one transaction: the pattern that deadlocks
                # a deferred SQLite transaction
                with transaction.atomic():
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT COUNT(*) FROM tally WHERE writer = %s", [writer])
                        seen = cursor.fetchone()[0]
                        cursor.execute(
                            "INSERT INTO tally VALUES (%s, %s, %s)", [writer, seen, "x" * 200]
                        )
        except Exception as error:
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM tally")
        rows = cursor.fetchone()[0]
        cursor.execute("SELECT COUNT(*) FROM (SELECT writer, n FROM tally GROUP BY writer, n)")
        distinct = cursor.fetchone()[0]
    print(json.dumps({"rows": rows, "distinct": distinct, "errors": errors}))
    """
).replace("__COUNTS__", f"{WRITERS}, {WRITES_EACH}")


@pytest.mark.slow
def test_eight_writers_at_once_never_meet_database_is_locked(tmp_path) -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "twinning.settings",
        "TWINNING_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    result = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["errors"] == []
    assert outcome["rows"] == WRITERS * WRITES_EACH
    # every writer saw its own earlier rows: no write was lost or doubled
    assert outcome["distinct"] == WRITERS * WRITES_EACH
