"""A small load driver: signed-in virtual users on threads, each a loop of pages with a think
time between them, against 127.0.0.1 only.

Our own rather than locust: locust brings gevent, its own Flask and web UI, and ~20 packages
into a 2-core machine shared by several agents, for what is here a loop of GETs and a few
POSTs with a CSRF token. This file is the whole driver; the figures are computed from every
request of the measured window (no sampling), latency from sending the request to the last
byte of the body.
"""

import http.client
import random
import re
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

HOST = "127.0.0.1"  # never anything else
PASSWORD = "demo12345"
CSRF = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
SUBMISSION = re.compile(r'name="submission_token"[^>]*? value="([^"]+)"')


@dataclass
class Sample:
    page: str
    elapsed: float
    ok: bool


@dataclass
class Recorder:
    """Every request's time; only those that start inside the measured window count."""

    start: float = 0.0
    end: float = 0.0
    samples: list = field(default_factory=list)
    problems: dict = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, page, began, elapsed, ok, problem=None):
        if not self.start <= began < self.end:
            return
        with self.lock:
            self.samples.append(Sample(page, elapsed, ok))
            if problem:
                self.problems[f"{page}: {problem}"] += 1


class Browser:
    """One signed-in session: its cookies, and requests that record their time."""

    def __init__(self, port: int, recorder: Recorder):
        self.port, self.recorder, self.cookies = port, recorder, {}

    def request(self, method, path, page, data=None, headers=None, expect=(200,)):
        body = urlencode(data).encode() if data is not None else None
        sent = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                "Accept-Encoding": "identity", **(headers or {})}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        began = time.monotonic()
        problem, status, text = None, 0, ""
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            raw = response.read()
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            connection.close()
            text = raw.decode("utf-8", "replace")
            self.location = response.getheader("Location", "")
        except OSError as error:
            problem = f"{type(error).__name__}"
        elapsed = time.monotonic() - began
        if problem is None and status not in expect:
            problem = f"HTTP {status}"
        if "database is locked" in text:
            problem = "database is locked"
        self.recorder.add(page, began, elapsed, problem is None, problem)
        return status, text

    def sign_in(self, email):
        _, page = self.request("GET", "/auth/login", "masuk (form)")
        token = CSRF.search(page)
        self.request("POST", "/auth/login", "masuk", data={
            "csrf_token": token.group(1) if token else "", "email": email,
            "password": PASSWORD}, expect=(302, 303))


@dataclass
class Script:
    """What one account works on, read from the database before the run."""

    email: str
    role: str
    batches: list = field(default_factory=list)  # (batch id) of the account's district
    open_batches: list = field(default_factory=list)  # taking participants
    participants: list = field(default_factory=list)  # (participant id, nik)
    proposals: list = field(default_factory=list)
    running: int | None = None  # the trainer's batch running today
    enrolments: list = field(default_factory=list)  # in that batch
    words: list = field(default_factory=list)  # names to search for
    year: int = 2026


def staff_action(browser: Browser, script: Script, rng: random.Random):
    """One page of a staff member's day, by weight."""
    batch = rng.choice(script.batches)
    person = rng.choice(script.participants)
    word = rng.choice(script.words)
    actions = [
        (10, lambda: browser.request("GET", "/", "beranda")),
        (8, lambda: browser.request("GET", "/proposals/queue", "usulan: antrean")),
        (4, lambda: browser.request("GET", "/proposals/", "usulan: daftar")),
        (3, lambda: browser.request("GET", f"/proposals/?q={word}", "usulan: cari")),
        (6, lambda: browser.request("GET", "/participants/", "peserta: daftar")),
        (4, lambda: browser.request("GET", f"/participants/?page={rng.randint(2, 200)}",
                                    "peserta: halaman lain")),
        (8, lambda: browser.request("GET", f"/participants/?q={word}", "peserta: cari nama")),
        (3, lambda: browser.request("GET", f"/participants/?q={person[1]}",
                                    "peserta: cari NIK")),
        (6, lambda: browser.request("GET", "/batches/", "paket: daftar")),
        (3, lambda: browser.request("GET", f"/batches/?q={word[:4]}", "paket: cari")),
        (5, lambda: browser.request("GET", "/batches/schedule", "paket: jadwal")),
        (8, lambda: browser.request("GET", f"/batches/{batch}", "paket: detail")),
        (8, lambda: browser.request("GET", f"/participants/batches/{batch}",
                                    "paket: peserta")),
        (5, lambda: browser.request("GET", f"/attendance/batches/{batch}/recap",
                                    "kehadiran: rekap")),
        (8, lambda: browser.request("GET", f"/participants/{person[0]}", "peserta: profil")),
        (3, lambda: enrol(browser, script, rng)),
        (3, lambda: browser.request("GET", f"/dashboard/?year={script.year}", "dasbor")),
        (2, lambda: browser.request("GET", f"/reports/?year={script.year}", "laporan")),
        (1, lambda: browser.request(
            "GET", f"/reports/download?export=batches.csv&year={script.year}",
            "ekspor: paket CSV (berkas penuh)")),
        (1, lambda: browser.request(
            "GET", "/reports/download?export=participants.csv&start="
            f"{script.year}-{rng.randint(1, 11):02d}-01&end={script.year}-12-31",
            "ekspor: peserta CSV (berkas penuh)")),
    ]
    _weighted(actions, rng)()


def enrol(browser: Browser, script: Script, rng: random.Random):
    """Open a batch taking participants and enrol someone of the district by NIK."""
    batch = rng.choice(script.open_batches)
    _, page = browser.request("GET", f"/participants/batches/{batch}", "paket: peserta")
    csrf, submission = CSRF.search(page), SUBMISSION.search(page)
    if not csrf or not submission:
        return
    browser.request("POST", f"/participants/batches/{batch}/enrol", "peserta: daftarkan", data={
        "csrf_token": csrf.group(1), "submission_token": submission.group(1),
        "nik": rng.choice(script.participants)[1], "accept": "y"},
        expect=(302, 303, 422))  # 422: refused by a rule (already in a batch then), not a fault


def trainer_round(browser: Browser, script: Script, rng: random.Random, think):
    """Home, today's page, then a tap for every participant, a moment apart."""
    browser.request("GET", "/", "beranda")
    think()
    status, _ = browser.request("GET", f"/attendance/batches/{script.running}/today",
                                "kehadiran: hari ini", expect=(302,))
    path = getattr(browser, "location", "") or ""
    if status != 302 or not path:
        return
    path = path.split("127.0.0.1", 1)[-1].split(f":{browser.port}", 1)[-1]
    _, page = browser.request("GET", path, "kehadiran: hari (halaman)")
    token = CSRF.search(page)
    if not token:
        return
    for enrolment in script.enrolments:
        think(0.5)
        mark = rng.choice(["present"] * 8 + ["permitted", "sick", "absent"])
        browser.request("POST", f"{path}/marks", "kehadiran: tap", data={
            "csrf_token": token.group(1), f"mark-{enrolment}": mark},
            headers={"HX-Request": "true"})


def village_action(browser: Browser, script: Script, rng: random.Random):
    actions = [
        (5, lambda: browser.request("GET", "/", "beranda")),
        (5, lambda: browser.request("GET", "/proposals/", "usulan: daftar")),
        (4, lambda: browser.request("GET", f"/proposals/{rng.choice(script.proposals)}",
                                    "usulan: detail")),
        (2, lambda: browser.request("GET", f"/dashboard/?year={script.year}", "dasbor")),
    ]
    _weighted(actions, rng)()


def _weighted(actions, rng):
    total = sum(weight for weight, _ in actions)
    pick = rng.uniform(0, total)
    for weight, action in actions:
        pick -= weight
        if pick <= 0:
            return action
    return actions[-1][1]


def user_loop(port, recorder, scripts, seed, think_range, stop_at):
    """A virtual user: signs in with each of its scripts' accounts, then works until stop_at;
    with several scripts (the one-user baseline) each step picks one by the mix's weights."""
    rng = random.Random(seed)
    low, high = think_range

    def think(factor=1.0):
        time.sleep(rng.uniform(low, high) * factor)

    sessions = []
    for script, weight in scripts:
        browser = Browser(port, recorder)
        browser.sign_in(script.email)
        sessions.append((weight, script, browser))
    while time.monotonic() < stop_at:
        weight_total = sum(w for w, _, _ in sessions)
        pick = rng.uniform(0, weight_total)
        chosen = sessions[-1]
        for session in sessions:
            pick -= session[0]
            if pick <= 0:
                chosen = session
                break
        _, script, browser = chosen
        if script.role == "staff":
            staff_action(browser, script, rng)
        elif script.role == "trainer":
            trainer_round(browser, script, rng, think)
        else:
            village_action(browser, script, rng)
        think()


def run(port, users, warmup, duration, think_range, seed=19):
    """`users`: one list of (Script, weight) per virtual user. Returns the Recorder."""
    recorder = Recorder()
    now = time.monotonic()
    recorder.start, recorder.end = now + warmup, now + warmup + duration
    threads = []
    for index, scripts in enumerate(users):
        thread = threading.Thread(target=user_loop, daemon=True, args=(
            port, recorder, scripts, seed + index, think_range, recorder.end))
        threads.append(thread)
        thread.start()
        time.sleep(min(0.1, warmup / max(1, len(users)) / 2))  # not all signing in at once
    for thread in threads:
        thread.join(timeout=warmup + duration + 120)
    return recorder


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(recorder: Recorder, duration: float):
    """Per page: n, p50, p95, p99, max (ms), errors; and the totals."""
    pages = defaultdict(list)
    errors = defaultdict(int)
    for sample in recorder.samples:
        pages[sample.page].append(sample.elapsed * 1000)
        if not sample.ok:
            errors[sample.page] += 1
    rows = []
    for page in sorted(pages):
        values = pages[page]
        rows.append({"page": page, "n": len(values), "p50": percentile(values, 0.50),
                     "p95": percentile(values, 0.95), "p99": percentile(values, 0.99),
                     "max": max(values), "errors": errors[page]})
    total = len(recorder.samples)
    return {"rows": rows, "requests": total, "rps": total / duration,
            "errors": sum(errors.values()), "problems": dict(recorder.problems)}
