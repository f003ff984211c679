"""A synthetic province for the benchmark: the demo's district and 37 more of East Java, with
years of batches, participants, attendance marks, proposals, certificates and placements.

Deterministic (one seeded random generator, dates relative to the day it runs, like the demo)
and written in bulk: COPY on PostgreSQL, executemany on SQLite, with ids assigned here so that
no row has to be read back. It goes on top of the demo (`flask seed-demo`), whose accounts own a
realistic share: staf@ 's district (Kab. Pasuruan) a fifth of the participants and 1 200
batches, pelatih@ 40 batches with one running today.

At scale 1: 38 districts, 100 000 participants, 7 000 batches, ~2 000 000 attendance marks,
15 000 proposals, 50 000 certificates, 20 000 placements. `scale` multiplies every count (the
tests use a tiny one; the districts and the places stay).
"""

import hashlib
import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select, text

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch, batch_trainers
from mtu.certificates.models import Assessment, Certificate, CertificateCounter
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.courses.models import CompetencyUnit, Course
from mtu.demo.participants import FAMILY, MEN, WOMEN, demo_nik
from mtu.demo.seed import DEMO_PASSWORD
from mtu.extensions import db
from mtu.fleet.models import Unit
from mtu.participants.models import Enrolment, Participant
from mtu.participants.nik import name_key
from mtu.placements.models import Placement
from mtu.proposals.models import Proposal, ProposalEvent
from mtu.regions.models import Region
from mtu.trainers.models import Trainer, trainer_courses

SEED = 19
HOME = "35.14"  # Kab. Pasuruan, staf@demo.example's district
TRAINER_EMAIL = "pelatih@demo.example"
# The 38 regencies and cities of East Java (Kemendagri codes).
REGENCIES = [
    ("35.01", "Kab. Pacitan"), ("35.02", "Kab. Ponorogo"), ("35.03", "Kab. Trenggalek"),
    ("35.04", "Kab. Tulungagung"), ("35.05", "Kab. Blitar"), ("35.06", "Kab. Kediri"),
    ("35.07", "Kab. Malang"), ("35.08", "Kab. Lumajang"), ("35.09", "Kab. Jember"),
    ("35.10", "Kab. Banyuwangi"), ("35.11", "Kab. Bondowoso"), ("35.12", "Kab. Situbondo"),
    ("35.13", "Kab. Probolinggo"), ("35.14", "Kab. Pasuruan"), ("35.15", "Kab. Sidoarjo"),
    ("35.16", "Kab. Mojokerto"), ("35.17", "Kab. Jombang"), ("35.18", "Kab. Nganjuk"),
    ("35.19", "Kab. Madiun"), ("35.20", "Kab. Magetan"), ("35.21", "Kab. Ngawi"),
    ("35.22", "Kab. Bojonegoro"), ("35.23", "Kab. Tuban"), ("35.24", "Kab. Lamongan"),
    ("35.25", "Kab. Gresik"), ("35.26", "Kab. Bangkalan"), ("35.27", "Kab. Sampang"),
    ("35.28", "Kab. Pamekasan"), ("35.29", "Kab. Sumenep"), ("35.71", "Kota Kediri"),
    ("35.72", "Kota Blitar"), ("35.73", "Kota Malang"), ("35.74", "Kota Probolinggo"),
    ("35.75", "Kota Pasuruan"), ("35.76", "Kota Mojokerto"), ("35.77", "Kota Madiun"),
    ("35.78", "Kota Surabaya"), ("35.79", "Kota Batu"),
]
PLACE_START = ["Sumber", "Karang", "Tegal", "Wono", "Sido", "Kali", "Banyu", "Gedang", "Ngadi",
               "Pandan", "Rejo", "Sari", "Jati", "Kedung", "Tanjung", "Mulyo"]
PLACE_END = ["rejo", "sari", "mulyo", "agung", "asri", "jaya", "harjo", "wangi", "kerto",
             "anyar", "makmur", "rahayu"]
SUBDISTRICTS, VILLAGES = 12, 8  # made-up places per district (codes .51–.62, .2001–.2008)
BATCHES, HOME_BATCHES = 7000, 1200
PARTICIPANTS, HOME_PARTICIPANTS = 100_000, 20_000
PROPOSALS, CERTIFICATES, PLACEMENTS = 15_000, 50_000, 20_000
TRAINERS_PER_DISTRICT, UNITS_PER_DISTRICT = 12, 2
TRAINER_BATCHES = 40  # pelatih@'s, the demo's included
BENCH_TRAINERS = 24  # trainer accounts with a batch running today (the load's tappers)
BENCH_VILLAGES = 24  # village operator accounts
CHUNK = 5000


def account_emails(role: str, count: int) -> list[str]:
    """The bench's own sign-ins (password demo12345), besides the demo's."""
    return [f"{role}-{n:02d}@bench.example" for n in range(1, count + 1)]


class Writer:
    """Rows into a table, fast: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"
        self.counts = defaultdict(int)

    def next_id(self, table) -> int:
        return (self.connection.scalar(select(func.max(table.c.id))) or 0) + 1

    def write(self, table, columns: list[str], rows) -> None:
        raw = self.connection.connection.driver_connection
        names = ", ".join(columns)
        buffer = []
        for row in rows:
            buffer.append(row)
            if len(buffer) >= CHUNK:
                self._flush(raw, table.name, names, len(columns), buffer)
                buffer = []
        if buffer:
            self._flush(raw, table.name, names, len(columns), buffer)

    def _flush(self, raw, name, names, width, rows):
        self.counts[name] += len(rows)
        if self.postgres:
            with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" * width)
            raw.executemany(f"INSERT INTO {name} ({names}) VALUES ({marks})",
                            [tuple(_sqlite(v) for v in row) for row in rows])

    def finish(self, tables) -> None:
        """Sequences past the ids written here; fresh planner statistics."""
        if self.postgres:
            for table in tables:
                if "id" in table.c:
                    self.connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                        f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))
        self.connection.execute(text("ANALYZE"))


def _sqlite(value):
    # As SQLAlchemy stores them on SQLite.
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour))


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` in `parts` shares of roughly equal size (±30 %)."""
    weights = [0.7 + 0.6 * rng.random() for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def generate(scale: float = 1.0, *, echo=print) -> dict[str, int]:
    """Add the synthetic province to the demo database (commits); returns rows per table."""
    rng = random.Random(SEED)
    today = local_today()
    connection = db.session.connection()
    writer = Writer(connection)
    n = lambda count: max(1, round(count * scale))  # noqa: E731

    # --- places ------------------------------------------------------------------------
    regions = Region.__table__
    known = {code: rid for code, rid in connection.execute(select(regions.c.code, regions.c.id))}
    next_region = writer.next_id(regions)
    rows, villages_of = [], defaultdict(list)  # regency code -> [(village id, subdistrict code)]
    names = iter(f"{a}{b}" for a in PLACE_START for b in PLACE_END)

    def region(code, name, level, parent):
        nonlocal next_region
        if code not in known:
            known[code] = next_region
            rows.append((next_region, code, name, level, known.get(parent)))
            next_region += 1
        return known[code]

    region("35", "Jawa Timur", "province", None)
    for code, name in REGENCIES:
        region(code, name, "regency", "35")
        for s in range(SUBDISTRICTS):
            sub = f"{code}.{51 + s}"
            region(sub, next(names, f"Kecamatan {sub}"), "subdistrict", code)
            for v in range(VILLAGES):
                village = f"{sub}.{2001 + v}"
                villages_of[code].append((region(village, f"{PLACE_START[(s + v) % 16]}"
                                                 f"{PLACE_END[(s * 3 + v) % 12]}", "village",
                                                 sub), sub))
    writer.write(regions, ["id", "code", "name", "level", "parent_id"], rows)
    regency_ids = {code: known[code] for code, _ in REGENCIES}
    echo(f"wilayah: {len(rows)}")

    # --- reference data and accounts ----------------------------------------------------
    courses = connection.execute(select(Course.id, Course.name)).all()
    units_of_course = defaultdict(list)
    for unit_id, course_id in connection.execute(
            select(CompetencyUnit.id, CompetencyUnit.course_id)):
        units_of_course[course_id].append(unit_id)
    companies = connection.scalars(select(Company.id)).all()
    users = User.__table__
    by_email = dict(connection.execute(select(users.c.email, users.c.id)).all())
    staff_id = by_email["staf@demo.example"]
    password = db.session.scalar(select(User.password_hash)
                                 .where(User.email == "staf@demo.example"))
    next_user = writer.next_id(users)
    user_rows, staff_of = [], {}
    accounts = []  # (email, name, role, regency code, village id)
    for code, name in REGENCIES:
        accounts.append((f"staf-{code.replace('.', '')}@bench.example", f"Staf {name}",
                         Role.STAFF, code, None))
    for i, email in enumerate(account_emails("pelatih", BENCH_TRAINERS)):
        accounts.append((email, f"Pelatih Bench {i + 1}", Role.TRAINER,
                         REGENCIES[i % len(REGENCIES)][0], None))
    for i, email in enumerate(account_emails("desa", BENCH_VILLAGES)):
        code = HOME if i % 2 == 0 else REGENCIES[i % len(REGENCIES)][0]
        accounts.append((email, f"Operator Desa Bench {i + 1}", Role.VILLAGE, code,
                         villages_of[code][i % len(villages_of[code])][0]))
    for email, name, role, code, village in accounts:
        if email in by_email:
            continue
        by_email[email] = next_user
        user_rows.append((next_user, email, name, password, role.value, True, False,
                          hashlib.md5(email.encode()).hexdigest(), regency_ids[code], village,
                          _at(today)))
        next_user += 1
    writer.write(users, ["id", "email", "name", "password_hash", "role", "active",
                         "must_change_password", "session_token", "regency_id", "village_id",
                         "created_at"], user_rows)
    for code, _ in REGENCIES:
        staff_of[code] = by_email[f"staf-{code.replace('.', '')}@bench.example"]
    staff_of[HOME] = staff_id
    assert DEMO_PASSWORD  # the accounts share the demo's password hash

    units = Unit.__table__
    next_unit = writer.next_id(units)
    unit_rows, units_of = [], defaultdict(list)
    for code, name in REGENCIES:
        existing = connection.scalars(select(units.c.id)
                                      .where(units.c.regency_id == regency_ids[code])).all()
        units_of[code] = list(existing)
        for u in range(UNITS_PER_DISTRICT - len(existing)):
            unit_rows.append((next_unit, f"MTU-{code.replace('.', '')}-{u + 1}",
                              f"MTU {name} {u + 1}", "", f"UPT {name}", regency_ids[code],
                              "ready", 0))
            units_of[code].append(next_unit)
            next_unit += 1
    writer.write(units, ["id", "code", "name", "plate", "home_base", "regency_id", "status",
                         "booking_version"], unit_rows)

    trainers = Trainer.__table__
    next_trainer = writer.next_id(trainers)
    trainer_rows, course_rows, trainers_of = [], [], defaultdict(list)
    demo_trainer = connection.scalar(select(trainers.c.id).where(
        trainers.c.user_id == by_email[TRAINER_EMAIL]))
    bench_trainers = []  # (trainer id, regency code)
    for code, _ in REGENCIES:
        trainers_of[code] = list(connection.scalars(
            select(trainers.c.id).where(trainers.c.regency_id == regency_ids[code])))
    for code, _ in REGENCIES:
        for _ in range(TRAINERS_PER_DISTRICT):
            trainer_rows.append((next_trainer, f"{rng.choice(WOMEN + MEN)} "
                                 f"{rng.choice(FAMILY)}", "civil_servant", regency_ids[code],
                                 f"0813{next_trainer:08d}", None, 0))
            course_rows += [(next_trainer, cid) for cid, _ in rng.sample(courses, 3)]
            trainers_of[code].append(next_trainer)
            next_trainer += 1
    for i, email in enumerate(account_emails("pelatih", BENCH_TRAINERS)):
        code = REGENCIES[i % len(REGENCIES)][0]
        existing = connection.scalar(select(trainers.c.id)
                                     .where(trainers.c.user_id == by_email[email]))
        if existing is None:
            trainer_rows.append((next_trainer, f"Pelatih Bench {i + 1}", "civil_servant",
                                 regency_ids[code], f"0814{next_trainer:08d}", by_email[email],
                                 0))
            course_rows += [(next_trainer, cid) for cid, _ in courses]
            existing = next_trainer
            next_trainer += 1
        bench_trainers.append((existing, code))
    writer.write(trainers, ["id", "name", "employer_type", "regency_id", "phone", "user_id",
                            "booking_version"], trainer_rows)
    writer.write(trainer_courses, ["trainer_id", "course_id"], course_rows)
    echo(f"akun: {len(user_rows)}, unit: {len(unit_rows)}, pelatih: {len(trainer_rows)}")

    # --- batches ----------------------------------------------------------------------------
    # (id, regency code, village id, course id, start, end, status, trainer id)
    batches = Batch.__table__
    next_batch = writer.next_id(batches)
    home_batches = n(HOME_BATCHES)
    others = _split(max(0, n(BATCHES) - home_batches), len(REGENCIES) - 1, rng)
    per_district = dict(zip([c for c, _ in REGENCIES if c != HOME], others, strict=True))
    per_district[HOME] = home_batches
    plan = []
    horizon = 5 * 365  # the past five years, and three months ahead

    def batch(code, start, status, trainer):
        nonlocal next_batch
        village, _ = rng.choice(villages_of[code])
        course_id = rng.choice(courses)[0]
        plan.append((next_batch, code, village, course_id, start, start + timedelta(days=29),
                     status, trainer))
        next_batch += 1

    def status_on(start):
        end = start + timedelta(days=29)
        if end < today:
            return "cancelled" if rng.random() < 0.03 else "done"
        if start <= today:
            return "running"
        return "registration" if start <= today + timedelta(days=30) else "planned"

    # pelatih@: 40 batches with the demo's; the demo's one running today is theirs.
    demo_count = connection.scalar(select(func.count()).select_from(batch_trainers)
                                   .where(batch_trainers.c.trainer_id == demo_trainer))
    earliest = connection.scalar(select(func.min(batches.c.start_date)).select_from(
        batches.join(batch_trainers)).where(batch_trainers.c.trainer_id == demo_trainer))
    earliest = earliest or today
    for k in range(max(0, min(TRAINER_BATCHES - demo_count, home_batches // 10))):
        batch(HOME, earliest - timedelta(days=40 * (k + 1)), "done", demo_trainer)
    # The bench's trainers: each one batch running today, with a past one.
    for trainer, code in bench_trainers:
        batch(code, today - timedelta(days=rng.randint(3, 20)), "running", trainer)
    for code, _ in REGENCIES:
        already = sum(1 for row in plan if row[1] == code)
        for _ in range(max(0, per_district[code] - already)):
            start = today - timedelta(days=rng.randint(-90, horizon))
            batch(code, start, status_on(start), rng.choice(trainers_of[code]))
    plan.sort(key=lambda row: row[4])
    waves = defaultdict(int)
    unit_free = {}  # unit id -> first free day
    batch_rows, link_rows = [], []
    for bid, code, village, course_id, start, end, status, trainer in plan:
        waves[(code, start.year)] += 1
        unit = next((u for u in units_of[code] if unit_free.get(u, date.min) <= start), None)
        if unit is not None and rng.random() < 0.5:
            unit_free[unit] = end + timedelta(days=1)
        else:
            unit = None
        batch_rows.append((bid, course_id, start.year, waves[(code, start.year)],
                           regency_ids[code], "village_hall", f"Balai Desa {bid}", village,
                           start, end, 16, unit, None if unit else "venue", "apbd", status, "",
                           0, _at(start - timedelta(days=30))))
        link_rows.append((bid, trainer))
    writer.write(batches, ["id", "course_id", "year", "wave", "regency_id", "venue_type",
                           "venue_name", "village_id", "start_date", "end_date", "quota",
                           "unit_id", "equipment_provider", "funding", "status", "notes",
                           "seat_version", "created_at"], batch_rows)
    writer.write(batch_trainers, ["batch_id", "trainer_id"], link_rows)
    echo(f"paket: {len(batch_rows)}")

    # --- participants and enrolments ---------------------------------------------------------
    participants = Participant.__table__
    next_person = writer.next_id(participants)
    serial = connection.scalar(select(func.count(participants.c.id))) or 0
    home_people = n(HOME_PARTICIPANTS)
    people_of = {}  # regency code -> list of participant ids
    person_rows = []
    shares = _split(max(0, n(PARTICIPANTS) - home_people), len(REGENCIES) - 1, rng)
    share_of = dict(zip([c for c, _ in REGENCIES if c != HOME], shares, strict=True))
    share_of[HOME] = home_people
    educations = ["primary", "junior", "senior", "senior", "senior", "diploma", "degree"]
    for code, _ in REGENCIES:
        ids = []
        for _ in range(share_of[code]):
            serial += 1
            female = rng.random() < 0.6
            name = f"{rng.choice(WOMEN if female else MEN)} {rng.choice(FAMILY)}"
            if rng.random() < 0.5:
                name += f" {rng.choice(FAMILY)}"
            birth = date(1970 + rng.randrange(36), 1 + rng.randrange(12), 1 + rng.randrange(28))
            village, sub = rng.choice(villages_of[code])
            consent = _at(today - timedelta(days=rng.randrange(900))) \
                if rng.random() < 0.66 else None
            person_rows.append((
                next_person, demo_nik(sub, birth, female, serial % 10000), name,
                name_key(name), "F" if female else "M", birth, f"RT 0{serial % 9 + 1} RW 02",
                village, regency_ids[code], f"0857{serial:08d}", rng.choice(educations),
                "job_seeker" if rng.random() < 0.8 else "worker", "", consent,
                consent if consent and rng.random() < 0.5 else None, _at(today - timedelta(
                    days=rng.randrange(horizon))), staff_of[code]))
            ids.append(next_person)
            next_person += 1
        people_of[code] = ids
    # NIK serials wrap at 10 000: keep the first of any repeated NIK (birth date and place
    # make a repeat rare).
    seen, unique_rows = set(), []
    for row in person_rows:
        if row[1] not in seen:
            seen.add(row[1])
            unique_rows.append(row)
    taken = set(connection.scalars(select(participants.c.nik)))
    unique_rows = [row for row in unique_rows if row[1] not in taken]
    kept = {row[0] for row in unique_rows}
    people_of = {code: [p for p in ids if p in kept] for code, ids in people_of.items()}
    writer.write(participants, [
        "id", "nik", "full_name", "name_key", "gender", "birth_date", "address", "village_id",
        "regency_id", "phone", "education", "employment", "disability", "consent_at",
        "contact_consent_at", "created_at", "created_by_id"], unique_rows)
    echo(f"peserta: {len(unique_rows)}")
    del person_rows, unique_rows

    enrolments = Enrolment.__table__
    next_enrolment = writer.next_id(enrolments)
    enrolment_rows = []
    members = {}  # batch id -> [(enrolment id, status)]
    cursor_of = defaultdict(int)
    for bid, code, _village, _course, start, _end, status, _trainer in plan:
        pool = people_of[code]
        if not pool:
            continue
        size = {"planned": 6, "registration": 12, "cancelled": 4}.get(status, 16)
        chosen = []
        for _ in range(size):
            if rng.random() < 0.02:  # someone another office recorded (enrolled on proof)
                other = rng.choice(REGENCIES)[0]
                if people_of[other]:
                    chosen.append(rng.choice(people_of[other]))
                    continue
            chosen.append(pool[cursor_of[code] % len(pool)])
            cursor_of[code] += 1
        seats = []
        for position, person in enumerate(dict.fromkeys(chosen)):
            if status == "done":
                state = "passed" if rng.random() < 0.88 else (
                    "failed" if rng.random() < 0.7 else "withdrawn")
            elif status == "running":
                state = "accepted"
            elif status == "cancelled":
                state = "withdrawn"
            else:
                state = "registered" if position < 10 else "waitlisted"
            enrolment_rows.append((next_enrolment, person, bid, state,
                                   _at(start) if state == "waitlisted" else None, None, None,
                                   "", _at(start - timedelta(days=10)), staff_of[code]))
            seats.append((next_enrolment, state))
            next_enrolment += 1
        members[bid] = seats
    writer.write(enrolments, ["id", "participant_id", "batch_id", "status", "waitlisted_at",
                              "joined_on", "left_on", "note", "created_at", "created_by_id"],
                 enrolment_rows)
    echo(f"pendaftaran: {len(enrolment_rows)}")
    del enrolment_rows

    # --- journals and attendance ------------------------------------------------------------------
    from mtu.attendance.models import AttendanceMark, TrainingDay

    days_table, marks_table = TrainingDay.__table__, AttendanceMark.__table__
    next_day, next_mark = writer.next_id(days_table), writer.next_id(marks_table)
    trainer_user = {t: by_email[e] for (t, _), e in
                    zip(bench_trainers, account_emails("pelatih", BENCH_TRAINERS), strict=True)}
    trainer_user[demo_trainer] = by_email[TRAINER_EMAIL]

    paper_until = today - timedelta(days=4 * 365)

    def journal_and_marks():
        nonlocal next_day, next_mark
        for bid, _code, _village, course_id, start, end, status, trainer in plan:
            # Batches of the first year were kept on paper: no journals or marks.
            if status not in ("done", "running") or start < paper_until:
                continue
            last = min(end, today - timedelta(days=1))
            who = trainer_user.get(trainer)
            seats = [e for e, state in members.get(bid, ()) if state != "withdrawn"]
            topics = units_of_course.get(course_id) or [None]
            day = start
            while day <= last:
                if day.weekday() != 6:
                    recorded = _at(day, 15)
                    yield "day", (next_day, bid, day, 8, topics[(day - start).days % len(topics)],
                                  "", "", recorded, who, recorded)
                    next_day += 1
                    for enrolment in seats:
                        draw = rng.random()
                        mark = "present" if draw < 0.9 else (
                            "permitted" if draw < 0.94 else ("sick" if draw < 0.97 else "absent"))
                        yield "mark", (next_mark, enrolment, bid, day, mark, recorded, who,
                                       recorded)
                        next_mark += 1
                day += timedelta(days=1)

    day_rows, mark_buffer = [], []
    day_columns = ["id", "batch_id", "day", "hours", "competency_unit_id", "topic", "notes",
                   "recorded_at", "recorded_by_id", "written_at"]
    mark_columns = ["id", "enrolment_id", "batch_id", "day", "status", "recorded_at",
                    "recorded_by_id", "marked_at"]
    for kind, row in journal_and_marks():
        if kind == "day":
            day_rows.append(row)
        else:
            mark_buffer.append(row)
            if len(mark_buffer) >= 100_000:
                writer.write(days_table, day_columns, day_rows)
                writer.write(marks_table, mark_columns, mark_buffer)
                day_rows, mark_buffer = [], []
    writer.write(days_table, day_columns, day_rows)
    writer.write(marks_table, mark_columns, mark_buffer)
    echo(f"jurnal: {writer.counts['training_days']}, "
         f"tanda hadir: {writer.counts['attendance_marks']}")

    # --- assessments, certificates, placements -------------------------------------------------
    assessments, certificates = Assessment.__table__, Certificate.__table__
    next_assessment = writer.next_id(assessments)
    next_certificate = writer.next_id(certificates)
    next_placement = writer.next_id(Placement.__table__)
    counters = {(r, y): last for r, y, last in connection.execute(
        select(CertificateCounter.regency_id, CertificateCounter.year,
               CertificateCounter.last))}
    fresh_counters = set()
    assessment_rows, certificate_rows, placement_rows = [], [], []
    certificate_goal, placement_goal = n(CERTIFICATES), n(PLACEMENTS)
    done = [row for row in plan if row[6] == "done"]
    done.sort(key=lambda row: row[5], reverse=True)  # the newest batches first
    for bid, code, _village, course_id, _start, end, _status, _trainer in done:
        if len(certificate_rows) >= certificate_goal:
            break
        issued = end + timedelta(days=7)
        for enrolment, state in members.get(bid, ()):
            if state not in ("passed", "failed"):
                continue
            result = "competent" if state == "passed" else "not_yet"
            for unit in units_of_course.get(course_id, ()):
                assessment_rows.append((next_assessment, enrolment, unit, result, 80, "Asesor",
                                        end, _at(end, 16), staff_of[code]))
                next_assessment += 1
            if state != "passed" or len(certificate_rows) >= certificate_goal:
                continue
            key = (regency_ids[code], issued.year)
            if key not in counters:
                fresh_counters.add(key)
            counters[key] = counters.get(key, 0) + 1
            number = f"{counters[key]:03d}/MTU-{code.replace('.', '')}/B/{issued.year}"
            certificate_rows.append((
                next_certificate, enrolment, number,
                hashlib.md5(f"{SEED}-{next_certificate}".encode()).hexdigest(), "office",
                "Dinas Tenaga Kerja", "", "Kepala Dinas", "", "Kepala Dinas Tenaga Kerja",
                issued, staff_of[code], ""))
            next_certificate += 1
            if len(placement_rows) < placement_goal and rng.random() < 0.45:
                draw = rng.random()
                placed = "working" if draw < 0.5 else (
                    "self_employed" if draw < 0.75 else "not_working")
                placement_rows.append((
                    next_placement, enrolment,
                    rng.choice(companies) if placed == "working" and companies else None,
                    placed, "Operator" if placed == "working" else "",
                    issued + timedelta(days=30),
                    "Usaha rumahan" if placed == "self_employed" else "", "", "",
                    _at(issued + timedelta(days=40)), staff_of[code]))
                next_placement += 1
    writer.write(assessments, ["id", "enrolment_id", "competency_unit_id", "result", "score",
                               "assessor", "assessed_on", "recorded_at", "recorded_by_id"],
                 assessment_rows)
    writer.write(certificates, [
        "id", "enrolment_id", "number", "code", "issuer_kind", "issuer_name", "lsp_licence",
        "signatory_name", "signatory_nip", "signatory_title", "issued_on", "issued_by_id",
        "revoked_reason"], certificate_rows)
    counter_table = CertificateCounter.__table__
    for (regency, year), last in counters.items():
        if (regency, year) in fresh_counters:
            connection.execute(counter_table.insert().values(regency_id=regency, year=year,
                                                             last=last))
        else:
            connection.execute(counter_table.update().where(
                counter_table.c.regency_id == regency, counter_table.c.year == year)
                .values(last=last))
    writer.write(Placement.__table__, [
        "id", "enrolment_id", "company_id", "status", "position", "start_date",
        "business_name", "business_field", "business_place", "confirmed_at",
        "confirmed_by_id"], placement_rows)
    echo(f"sertifikat: {len(certificate_rows)}, penempatan: {len(placement_rows)}")

    # --- proposals --------------------------------------------------------------------------------
    proposals, events = Proposal.__table__, ProposalEvent.__table__
    next_proposal, next_event = writer.next_id(proposals), writer.next_id(events)
    proposal_rows, event_rows = [], []
    village_user = {}
    for email in account_emails("desa", BENCH_VILLAGES):
        village_user.setdefault(by_email[email], email)
    served = [row for row in plan if row[6] != "cancelled"]
    rng.shuffle(served)
    sub_of = {vid: sub for code in villages_of for vid, sub in villages_of[code]}
    goal = n(PROPOSALS)
    for k in range(goal):
        if k < len(served) and k < goal * 0.6:
            bid, code, village, course_id, start, _end, bstatus, _t = served[k]
            status = "done" if bstatus == "done" else "scheduled"
            submitted = _at(start - timedelta(days=rng.randint(30, 120)), 10)
            decided = submitted + timedelta(days=rng.randint(3, 30))
        else:
            bid = None
            code = HOME if rng.random() < 0.2 else rng.choice(REGENCIES)[0]
            village, _ = rng.choice(villages_of[code])
            course_id = rng.choice(courses)[0]
            status = rng.choice(["proposed", "proposed", "verified", "rejected"])
            submitted = _at(today - timedelta(days=rng.randint(1, 400)), 10)
            decided = None if status == "proposed" else submitted + timedelta(days=10)
        proposal_rows.append((
            next_proposal, status, "village", regency_ids[code], known[sub_of[village]], village,
            course_id, "", 16, "village_hall", "Balai desa", "Usulan Musrenbang desa", "",
            "Kepala Desa", "081234567890", submitted, None, decided, bid))
        event_rows.append((next_event, next_proposal, None, "proposed", "", None, submitted))
        next_event += 1
        next_proposal += 1
    writer.write(proposals, [
        "id", "status", "proposer_kind", "regency_id", "subdistrict_id", "village_id",
        "course_id", "vocation_text", "candidates", "venue_type", "venue_name", "reason",
        "musrenbang_ref", "contact_name", "contact_phone", "submitted_at", "submitted_by_id",
        "decided_at", "batch_id"], proposal_rows)
    writer.write(events, ["id", "proposal_id", "from_status", "to_status", "note", "user_id",
                          "created_at"], event_rows)
    echo(f"usulan: {len(proposal_rows)}")

    writer.finish([regions, users, units, trainers, batches, participants, enrolments,
                   days_table, marks_table, assessments, certificates, Placement.__table__,
                   proposals, events])
    db.session.commit()
    return dict(writer.counts)
