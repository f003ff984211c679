"""Time each main page in-process on a bench database, with its statements and the slowest
ones: `python -m bench.profile [sqlite|postgres] [page-filter]`."""

import os
import sys
import time
from datetime import date

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bench.database import url_for


def main():
    from sqlalchemy import text

    from mtu import create_app
    from mtu.config import DevelopmentConfig
    from mtu.extensions import db

    name = sys.argv[1] if len(sys.argv) > 1 else "postgres"
    only = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] != "--explain" else ""
    explain = "--explain" in sys.argv
    config = DevelopmentConfig({"DATABASE_URL": url_for(name), "MTU_SESSION_WEEKDAYS":
                                "0,1,2,3,4,5,6"})
    config.DEBUG = False
    app = create_app(config)
    app.config["WTF_CSRF_ENABLED"] = False
    with app.app_context():
        one = lambda sql: db.session.execute(text(sql)).scalar()  # noqa: E731
        batch = one("SELECT max(id) FROM batches WHERE regency_id = (SELECT regency_id FROM "
                    "users WHERE email = 'staf@demo.example') AND status = 'done'")
        person = one("SELECT max(id) FROM participants WHERE regency_id = (SELECT regency_id "
                     "FROM users WHERE email = 'staf@demo.example')")
        running = one("SELECT b.id FROM batches b JOIN batch_trainers bt ON bt.batch_id = b.id "
                      "JOIN trainers t ON t.id = bt.trainer_id JOIN users u ON u.id = t.user_id"
                      " WHERE u.email = 'pelatih@demo.example' AND b.status = 'running'")
        proposal = one("SELECT max(id) FROM proposals WHERE village_id = (SELECT village_id "
                       "FROM users WHERE email = 'desa@demo.example')")
        db.session.remove()
    pages = {
        "staf@demo.example": [
            "/", "/proposals/queue", "/proposals/", "/proposals/?q=siti", "/participants/",
            "/participants/?page=300", "/participants/?q=siti", "/participants/?q=rahayu",
            "/batches/", "/batches/?q=menj", "/batches/schedule", f"/batches/{batch}",
            f"/participants/batches/{batch}", f"/attendance/batches/{batch}/recap",
            f"/participants/{person}", "/dashboard/", "/reports/", "/villages/",
            "/attendance/missing", "/placements/", "/aftercare/",
            f"/reports/download?export=batches.csv&year={date.today().year}",
            "/reports/download?export=participants.csv&start="
            f"{date.today().replace(month=1, day=1).isoformat()}"],
        "pelatih@demo.example": ["/", f"/attendance/batches/{running}/today"],
        "desa@demo.example": ["/", "/proposals/", f"/proposals/{proposal}", "/dashboard/"],
    }
    statements = []

    @event.listens_for(Engine, "before_cursor_execute")
    def before(conn, cursor, statement, parameters, context, executemany):
        conn.info["t"] = time.perf_counter()

    @event.listens_for(Engine, "after_cursor_execute")
    def after(conn, cursor, statement, parameters, context, executemany):
        statements.append((time.perf_counter() - conn.info["t"], statement, parameters))

    for email, paths in pages.items():
        client = app.test_client()
        client.post("/auth/login", data={"email": email, "password": "demo12345"})
        for path in paths:
            if only and only not in path:
                continue
            for _attempt in range(int(os.environ.get("PROFILE_ATTEMPTS", 3))):
                statements.clear()
                started = time.perf_counter()
                response = client.get(path, follow_redirects=True)
                response.get_data()  # a streamed file: to its last byte
                response.close()
                elapsed = time.perf_counter() - started
            sql = sum(s[0] for s in statements)
            if explain:
                with app.app_context():
                    connection = db.session.connection()
                    connection.exec_driver_sql("SET enable_seqscan = off")
                    for _seconds, statement, parameters in list(statements):
                        if not statement.lstrip().upper().startswith("SELECT"):
                            continue
                        plan = " ".join(r[0] for r in connection.exec_driver_sql(
                            "EXPLAIN " + statement, parameters))
                        for table in ("participants", "attendance_marks", "enrolments",
                                      "batches", "proposals", "certificates", "placements"):
                            if f"Seq Scan on {table}" in plan:
                                print(f"   SEQ SCAN {table}: {' '.join(statement.split())[:300]}")
                    db.session.rollback()
            print(f"{email.split('@')[0]:8} {path:45} {response.status_code} "
                  f"{elapsed * 1000:6.0f} ms, {len(statements):2} statements, "
                  f"{sql * 1000:6.0f} ms SQL")
            slow = sorted(statements, key=lambda s: -s[0])[:4]
            for seconds, statement, parameters in slow:
                if seconds > 0.01:
                    print(f"      {seconds * 1000:5.0f} ms  {' '.join(statement.split())[:600]}"
                          f"  {str(parameters)[:200]}")


if __name__ == "__main__":
    main()
