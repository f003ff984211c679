"""`make bench`: build the synthetic province on SQLite and PostgreSQL, serve each with
gunicorn on 127.0.0.1, drive it with 1 user (the baseline) and with 50, print the figures and
write docs/PERFORMANCE.md.

    python -m bench                      # the full run (scale 1, 20 s warm-up, 2 min measured)
    BENCH_SCALE=0.1 python -m bench --quick   # iterate: a tenth of the rows, short runs
    python -m bench --db postgres --reuse     # keep the database built earlier today
    python -m bench --redis redis://127.0.0.1:6379   # the processes share a Redis
"""

import argparse
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from bench import load
from bench.database import ROOT, build, url_for
from bench.report import EXPORT_MARK, GOAL_MS, held_to_goal, over_goal, write

REPORT = ROOT / "docs" / "PERFORMANCE.md"
RESULTS = ROOT / "instance" / "bench-results.json"
MIX = {"staff": 30, "trainer": 12, "village": 8}  # of 50 users


def machine_load() -> str:
    """The load averages (1, 5, 15 min) and the cores, as uptime prints them."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def marker(url):
    return ROOT / "instance" / (("bench-sqlite" if url.startswith("sqlite") else "bench-pg")
                                + ".built")


def prepare(name, scale, reuse, echo) -> dict:
    url = url_for(name)
    stamp = f"{scale} {datetime.now(UTC).date()}"
    if reuse and marker(url).exists() and marker(url).read_text().startswith(stamp):
        echo(f"{name}: basis data hari ini dipakai lagi ({stamp})")
        return json.loads(marker(url).read_text().split("\n", 1)[1])
    echo(f"{name}: membangun provinsi sintetis (skala {scale})…")
    started = time.monotonic()
    counts = build(url, scale, echo)
    counts["seconds"] = round(time.monotonic() - started)
    marker(url).write_text(stamp + "\n" + json.dumps(counts))
    return counts


def scripts_for(url) -> dict[str, list]:
    """Per role, one Script per account: the ids it works on, read from the database."""
    from sqlalchemy import create_engine, text

    from bench.province import BENCH_TRAINERS, BENCH_VILLAGES, HOME, account_emails
    engine = create_engine(url)
    today = datetime.now(ZoneInfo(os.environ.get("MTU_TIMEZONE", "Asia/Jakarta"))).date()
    scripts = {"staff": [], "trainer": [], "village": []}
    with engine.connect() as db:
        def ids(sql, **params):
            return [row[0] for row in db.execute(text(sql), params)]

        staff = ["staf@demo.example"] + [f"staf-{c}@bench.example" for c in
                                         ("3509", "3578", "3507", "3515", "3510")]
        for email in staff:
            regency = db.execute(text("SELECT regency_id FROM users WHERE email = :e"),
                                 {"e": email}).scalar()
            if regency is None:
                continue
            batches = ids("SELECT id FROM batches WHERE regency_id = :r ORDER BY id", r=regency)
            open_batches = ids("SELECT id FROM batches WHERE regency_id = :r AND status IN "
                               "('planned', 'registration') ORDER BY id", r=regency)
            people = [tuple(row) for row in db.execute(text(
                "SELECT id, nik FROM participants WHERE regency_id = :r ORDER BY id LIMIT 2000"),
                {"r": regency})]
            words = sorted({row[0].split()[0] for row in db.execute(text(
                "SELECT full_name FROM participants WHERE regency_id = :r LIMIT 200"),
                {"r": regency})} | {"siti", "rahayu", "wahyu", "agus"})
            if batches and people and open_batches:
                scripts["staff"].append(load.Script(
                    email, "staff", batches=batches[-400:], open_batches=open_batches,
                    participants=people, words=words, year=today.year))
        for email in ["pelatih@demo.example"] + account_emails("pelatih", BENCH_TRAINERS):
            running = ids(
                "SELECT b.id FROM batches b JOIN batch_trainers bt ON bt.batch_id = b.id "
                "JOIN trainers t ON t.id = bt.trainer_id JOIN users u ON u.id = t.user_id "
                "WHERE u.email = :e AND b.status = 'running' AND b.start_date <= :d "
                "AND b.end_date >= :d ORDER BY b.id", e=email, d=today)
            if not running:
                continue
            enrolments = ids("SELECT id FROM enrolments WHERE batch_id = :b AND status = "
                             "'accepted' ORDER BY id", b=running[0])
            scripts["trainer"].append(load.Script(email, "trainer", running=running[0],
                                                  enrolments=enrolments))
        for email in ["desa@demo.example"] + account_emails("desa", BENCH_VILLAGES):
            village = db.execute(text("SELECT village_id FROM users WHERE email = :e"),
                                 {"e": email}).scalar()
            proposals = ids("SELECT id FROM proposals WHERE village_id = :v ORDER BY id",
                            v=village)
            if proposals:
                scripts["village"].append(load.Script(email, "village", proposals=proposals,
                                                      year=today.year))
    engine.dispose()
    assert HOME and all(scripts.values()), {k: len(v) for k, v in scripts.items()}
    return scripts


def users_for(scripts, count):
    """`count` virtual users in the mix's shares (30 : 12 : 8 of 50), or, for 1, one user who
    holds a session of each role and picks among them by the same shares."""
    if count == 1:
        return [[(scripts[role][0], share) for role, share in MIX.items()]]
    users = []
    for role, share in MIX.items():
        for k in range(max(1, round(count * share / sum(MIX.values())))):
            users.append([(scripts[role][k % len(scripts[role])], 1)])
    return users[:count] if count >= len(MIX) else users


def serve(url, workers, echo, redis_url=""):
    """gunicorn on 127.0.0.1 in production settings (plain http: cookies not Secure); with
    `redis_url`, rate limits and the dashboard's figures shared there, as on several servers,
    under a prefix of this run's own (no figures of an earlier run are read)."""
    port = free_port()
    shared = ({"RATELIMIT_STORAGE_URI": redis_url,
               "MTU_RATELIMIT_KEY_PREFIX": f"bench-{secrets.token_hex(4)}-"} if redis_url
              else {"MTU_RATELIMIT_SINGLE_PROCESS": "1"})
    env = {**os.environ, "MTU_ENV": "production", "SECRET_KEY": secrets.token_hex(32),
           "DATABASE_URL": url, "SESSION_COOKIE_SECURE": "0", **shared,
           # 50 users sign in from one address within seconds; not what is measured.
           "MTU_LOGIN_RATE_LIMIT": "100000 per minute",
           "MTU_NIK_LOOKUP_RATE_LIMIT": "100000 per minute",
           # Taps on any day of the week (a Sunday run would find no session day).
           "MTU_SESSION_WEEKDAYS": "0,1,2,3,4,5,6",
           "MTU_CERTIFICATE_SIGNATORY_NAME": "Kepala Dinas (bench)"}
    log = open(ROOT / "instance" / "bench-gunicorn.log", "a")  # noqa: SIM115
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--worker-class", "sync", "--timeout", "60",
         "--access-logfile", "-", "--log-level", "warning", "wsgi:app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        raise RuntimeError("gunicorn did not start: see instance/bench-gunicorn.log")
    echo(f"  gunicorn 127.0.0.1:{port}, {workers} worker (pid {process.pid})")
    return process, port


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


def print_table(title, result, echo):
    echo(f"\n{title}")
    echo(f"  {'halaman':<36} {'n':>6} {'p50':>7} {'p95':>7} {'p99':>7} {'maks':>7} {'galat':>5}")
    for row in result["rows"]:
        flag = "  > 150" if row["p95"] > GOAL_MS and EXPORT_MARK not in row["page"] else ""
        echo(f"  {row['page']:<36} {row['n']:>6} {row['p50']:>7.0f} {row['p95']:>7.0f} "
             f"{row['p99']:>7.0f} {row['max']:>7.0f} {row['errors']:>5}{flag}")
    echo(f"  {result['requests']} permintaan, {result['rps']:.1f}/s, {result['errors']} galat; "
         f"{result['load_before']} → {result['load_after']}")
    for problem, count in sorted(result["problems"].items()):
        echo(f"  ! {problem} ×{count}")


def with_other_databases(runs: dict, meta: dict) -> dict:
    """`--db postgres` keeps SQLite's figures of the last run of the same kind (and the other
    way round), so that docs/PERFORMANCE.md always shows both databases."""
    if not RESULTS.exists():
        return runs
    earlier = json.loads(RESULTS.read_text())
    same_kind = all(earlier["meta"].get(key) == meta[key]
                    for key in ("scale", "warmup", "duration", "workers", "quick"))
    if not same_kind:
        return runs
    measured = {_database(label) for label in runs}
    kept = {label: result for label, result in earlier["runs"].items()
            if _database(label) not in measured}
    order = ["sqlite", "postgres"]
    return dict(sorted({**kept, **runs}.items(),
                       key=lambda item: order.index(_database(item[0]))))


def _database(label: str) -> str:
    """"postgres, 50 pengguna" and "postgres: data" → "postgres"."""
    return label.split(",")[0].split(":")[0]


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float,
                        default=float(os.environ.get("BENCH_SCALE", "1")))
    parser.add_argument("--db", default="sqlite,postgres")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--warmup", type=float, default=20)
    parser.add_argument("--duration", type=float, default=120)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--quick", action="store_true",
                        help="5 s warm-up, 20 s measured, scale 0.1 unless BENCH_SCALE is set")
    parser.add_argument("--reuse", action="store_true",
                        help="keep a database built today at the same scale")
    parser.add_argument("--redis", default="", metavar="URL",
                        help="share rate limits and the dashboard's figures in this Redis "
                             "(redis://127.0.0.1:6379), as a deployment of several servers")
    parser.add_argument("--think", default="1,3",
                        help="seconds between a user's pages, low,high (default 1,3)")
    args = parser.parse_args(argv)
    if args.quick:
        args.warmup, args.duration = 5, 20
        if "BENCH_SCALE" not in os.environ and args.scale == 1:
            args.scale = 0.1
    think = tuple(float(x) for x in args.think.split(","))
    echo = lambda line="": print(line, flush=True)  # noqa: E731
    runs = {}
    for name in args.db.split(","):
        counts = prepare(name, args.scale, args.reuse, echo)
        url = url_for(name)
        scripts = scripts_for(url)
        process, port = serve(url, args.workers, echo, args.redis)
        try:
            for users in (1, args.users):
                label = f"{name}, {users} pengguna"
                echo(f"  {label}: {args.warmup:.0f} s pemanasan, {args.duration:.0f} s diukur…")
                before = machine_load()
                recorder = load.run(port, users_for(scripts, users), args.warmup,
                                    args.duration, (0.1, 0.3) if users == 1 else think)
                result = load.summary(recorder, args.duration)
                result.update(load_before=before, load_after=machine_load(), users=users,
                              database=name,
                              when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
                print_table(label, result, echo)
                runs[label] = result
        finally:
            stop(process)
        runs[f"{name}: data"] = counts
    meta = {"scale": args.scale, "warmup": args.warmup, "duration": args.duration,
            "workers": args.workers, "think": think, "quick": args.quick,
            "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "command": " ".join(["python -m bench", *(argv or sys.argv[1:])])}
    runs = with_other_databases(runs, meta)
    RESULTS.write_text(json.dumps({"meta": meta, "runs": runs}, indent=1))
    if not args.quick and args.scale == 1:
        write(REPORT, meta, runs)
        echo(f"\nditulis: {REPORT.relative_to(ROOT)}")
    failed = [label for label, r in runs.items() if "rows" in r and held_to_goal(r)
              and (r["errors"] or over_goal(r))]
    echo("\nsasaran (p95 ≤ 150 ms per halaman, 0 galat): "
         + ("tercapai" if not failed else "BELUM tercapai: " + "; ".join(failed)))


if __name__ == "__main__":
    main()
