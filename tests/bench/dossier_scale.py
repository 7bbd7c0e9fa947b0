"""Sends a national year of dossiers to a running tiendo through its JSON API and prints the
rate. Reads the catalogue, agencies and communes from the server's database (SQLite file or
PostgreSQL through psql), issues one API token per province as the demo admin, then posts
batches of 10,000 records, several provinces at a time (a province's batches take turns on
the server). Deterministic: the same seed gives the same records.

usage: dossier_scale.py BASE_URL (--sqlite FILE | --postgres URL) RECORDS [WORKERS]
"""

import concurrent.futures
import http.cookiejar
import json
import random
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

BATCH = 10_000
VIETNAM = timezone(timedelta(hours=7))
YEAR_START = datetime(2025, 7, 1, tzinfo=VIETNAM)
DEPARTMENTS = ["SNV", "STP", "STC", "SCT", "SNNMT", "SXD", "SKHCN", "SYT"]


def query(db, sql):
    kind, where = db
    if kind == "sqlite":
        import sqlite3

        with sqlite3.connect(where) as conn:
            return conn.execute(sql).fetchall()
    out = subprocess.run(
        ["psql", where, "-At", "-F", "\t", "-c", sql], check=True, capture_output=True, text=True
    ).stdout
    return [tuple(line.split("\t")) for line in out.splitlines() if line]


def session(base):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = urllib.parse.urlencode({"username": "admin", "password": "tiendo-demo-2025"}).encode()
    opener.open(base + "/api/account/login", form)
    return opener


def issue_tokens(base, provinces):
    opener = session(base)
    tokens = {}
    for code in provinces:
        form = urllib.parse.urlencode({"province": code, "name": "Đo tải (benchmark)"}).encode()
        with opener.open(base + "/api/integrations/issue", form) as response:
            tokens[code] = json.load(response)["secret"]
    return tokens


def records(rng, province, count, communes, procedures):
    """`count` dossiers of `province` over the year from 1/7/2025."""
    span = 365 * 86_400
    for n in range(count):
        received = YEAR_START + timedelta(seconds=rng.randrange(span))
        commune_level = communes and rng.random() < 0.6
        if commune_level:
            agency, commune, procedure = "UBNDX", rng.choice(communes), rng.choice(procedures["UBNDX"])
        else:
            agency = rng.choice(DEPARTMENTS)
            commune, procedure = None, rng.choice(procedures[agency])
        record = {
            "code": f"{province}-{n:08d}",
            "agency": agency,
            "procedure": procedure,
            "received_at": received.isoformat(),
            "channel": "online" if rng.random() < 0.72 else ("in_person" if rng.random() < 0.9 else "postal"),
            "due_at": (received + timedelta(days=rng.randrange(3, 20))).isoformat(),
            "status": "received",
        }
        if commune:
            record["commune"] = commune
        if received < datetime(2026, 6, 1, tzinfo=VIETNAM) and rng.random() < 0.85:
            done = received + timedelta(hours=rng.randrange(2, 400))
            record["finished_at"] = done.isoformat()
            record["returned_at"] = (done + timedelta(hours=rng.randrange(0, 48))).isoformat()
            record["status"] = "returned"
        yield record


def send(base, province, token, batch):
    body = json.dumps({"records": batch}).encode()
    request = urllib.request.Request(
        f"{base}/api/v1/tinh/{province}/ho-so",
        data=body,
        headers={"authorization": f"Bearer {token}", "content-type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=600) as response:
        report = json.load(response)
    return report["created"] + report["updated"] + report["unchanged"]


def main():
    base, flag, where, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    workers = int(sys.argv[5]) if len(sys.argv) > 5 else 4
    db = ("sqlite" if flag == "--sqlite" else "postgres", where)
    communes = {}
    for province, commune in query(db, "SELECT province_code, code FROM commune ORDER BY code"):
        communes.setdefault(province, []).append(commune)
    procedures = {}
    for code, sector in query(db, "SELECT code, sector FROM procedure ORDER BY code"):
        procedures.setdefault(sector, []).append(code)
    provinces = sorted(communes)
    all_communes = sum(len(c) for c in communes.values())
    tokens = issue_tokens(base, provinces)
    # Each province's share follows its number of communes.
    shares = {p: total * len(communes[p]) // all_communes for p in provinces}
    shares[provinces[0]] += total - sum(shares.values())

    def province_job(province):
        rng = random.Random(int(province))
        sent, batch = 0, []
        for record in records(rng, province, shares[province], communes[province], procedures):
            batch.append(record)
            if len(batch) == BATCH:
                sent += send(base, province, tokens[province], batch)
                batch = []
        if batch:
            sent += send(base, province, tokens[province], batch)
        return sent

    started = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        sent = sum(pool.map(province_job, provinces))
    seconds = time.monotonic() - started
    print(f"  {sent:,} dossiers in {seconds:.1f} s through the API: {sent / seconds:,.0f} records/s "
          f"({workers} senders; generating and encoding the JSON included)")


if __name__ == "__main__":
    main()
