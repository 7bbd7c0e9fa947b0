"""Grows the task history of a tiendo database to a national year: about CHANGES changes per
assignment (every province's and commune's task), spread over 1/7/2025–30/6/2026 with
progress rising to each assignment's last state, written straight into `assignment_change`
(SQLite file, or PostgreSQL through psql's COPY) while the server runs. Deterministic.

usage: history_scale.py (--sqlite FILE | --postgres URL) CHANGES
"""

import csv
import io
import random
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

YEAR_START = datetime(2025, 7, 1, 1, 0, tzinfo=timezone.utc)
YEAR_SECONDS = 364 * 86_400
COLUMNS = (
    "assignment_id, at, actor, status, progress, note, difficulties, recommendations, "
    "version, verification, verification_note"
)


def assignments(kind, where):
    sql = "SELECT id FROM assignment ORDER BY id"
    if kind == "--sqlite":
        import sqlite3

        with sqlite3.connect(where) as conn:
            return [row[0] for row in conn.execute(sql)]
    out = subprocess.run(["psql", where, "-At", "-c", sql], check=True, capture_output=True, text=True)
    return [int(line) for line in out.stdout.split()]


def changes(rng, ids, per):
    for assignment in ids:
        n = max(1, round(rng.gauss(per, 2)))
        moments = sorted(rng.randrange(YEAR_SECONDS) for _ in range(n))
        progress = 0
        for k, second in enumerate(moments):
            progress = min(100, progress + rng.randint(1, 200 // n))
            done = k == n - 1 and progress >= 90 and rng.random() < 0.6
            yield (
                assignment,
                (YEAR_START + timedelta(seconds=second)).isoformat(),
                "đo tải",
                "done" if done else "in_progress",
                100 if done else progress,
                "",
                "",
                "",
                1000 + k,
                "pending" if done else "none",
                "",
            )


def main():
    kind, where, per = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(2026)
    ids = assignments(kind, where)
    rows = list(changes(rng, ids, per))
    started = time.monotonic()
    if kind == "--sqlite":
        import sqlite3

        conn = sqlite3.connect(where, timeout=60)
        with conn:
            conn.executemany(
                f"INSERT INTO assignment_change ({COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows
            )
        conn.close()
    else:
        buffer = io.StringIO()
        csv.writer(buffer).writerows(rows)
        subprocess.run(
            ["psql", where, "-q", "-c", f"\\copy assignment_change ({COLUMNS}) FROM STDIN WITH (FORMAT csv, "
             "FORCE_NOT_NULL (note, difficulties, recommendations, verification_note))"],
            input=buffer.getvalue(), check=True, text=True,
        )
    elapsed = time.monotonic() - started
    print(f"  {len(rows):,} changes over {len(ids):,} assignments written in {elapsed:.1f} s")


if __name__ == "__main__":
    main()
