"""Settings, read from the environment when the application is created."""

import os
from pathlib import Path

DEFAULT_SECRET_KEY = "dev-only-not-secret"
INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _database_url(url: str | None) -> str:
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'mtu.sqlite3'}"
    # Hosting panels hand out postgres:// URLs; SQLAlchemy wants the driver named.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _int_setting(env, name: str, default: int) -> int:
    from mtu.numbers import parse_int

    text = env.get(name, "").strip()
    if not text:
        return default
    number = parse_int(text, 0, 10**9)
    if number is None:
        raise RuntimeError(f"{name} must be a whole number, not {text!r}")
    return number


class Config:
    """Production settings; the other classes relax them."""

    DEBUG = False
    TESTING = False
    PRODUCTION = True  # seed-demo refuses; start-up checks (check()) apply

    def __init__(self, environ=None):
        env = os.environ if environ is None else environ
        self.SECRET_KEY = env.get("SECRET_KEY", DEFAULT_SECRET_KEY)
        self.SQLALCHEMY_DATABASE_URI = _database_url(env.get("DATABASE_URL"))
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Lax"
        self.SESSION_COOKIE_SECURE = env.get("SESSION_COOKIE_SECURE", "1") == "1"
        self.REMEMBER_COOKIE_SECURE = self.SESSION_COOKIE_SECURE
        self.PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
        self.SEND_FILE_MAX_AGE_DEFAULT = 60 * 60 * 24 * 365  # static URLs carry a content hash
        self.BABEL_DEFAULT_LOCALE = "id"
        self.BABEL_DEFAULT_TIMEZONE = env.get("MTU_TIMEZONE", "Asia/Jakarta")
        self.BABEL_TRANSLATION_DIRECTORIES = str(Path(__file__).resolve().parent / "translations")
        self.WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
        self.RATELIMIT_STORAGE_URI = env.get("RATELIMIT_STORAGE_URI", "memory://")
        self.RATELIMIT_HEADERS_ENABLED = True
        # Redis unreachable: each process counts on its own until it answers again, rather
        # than every throttled page (sign-in) failing with an error.
        self.RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
        if self.RATELIMIT_STORAGE_URI.startswith("redis"):
            # A Redis that takes the connection but never answers (stopped, a firewall dropping
            # its replies) would hold the worker forever; after a second, the fallback above.
            self.RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
        # Counts of several MTU instances sharing one Redis stay apart under their own prefix.
        self.RATELIMIT_KEY_PREFIX = env.get("MTU_RATELIMIT_KEY_PREFIX", "")
        self.LOGIN_RATE_LIMIT = env.get("MTU_LOGIN_RATE_LIMIT", "10 per minute")
        # Failed sign-ins per account (the email typed), whatever address they come from.
        self.LOGIN_ACCOUNT_RATE_LIMIT = env.get("MTU_LOGIN_ACCOUNT_RATE_LIMIT",
                                                "10 per 15 minutes")
        # memory:// counts per process: refused in production unless there is only one.
        self.RATELIMIT_SINGLE_PROCESS = env.get("MTU_RATELIMIT_SINGLE_PROCESS", "") == "1"
        # Reverse proxies in front of the app whose X-Forwarded-* headers are trusted.
        self.PROXY_HOPS = _int_setting(env, "MTU_PROXY_HOPS", 0)
        # Uploaded participant files (with the rejected rows' personal data) are deleted
        # after this many days, and when staff finish with them.
        self.IMPORT_RETENTION_DAYS = _int_setting(env, "MTU_IMPORT_RETENTION_DAYS", 7)
        # The dashboard's figures are a dozen aggregates over a district's year; each app
        # process keeps them this long per scope (0: never kept).
        self.DASHBOARD_CACHE_SECONDS = _int_setting(env, "MTU_DASHBOARD_CACHE_SECONDS", 300)
        # Where the processes share what they keep (the dashboard's figures): a Redis URL,
        # by default the rate limits' Redis; none (memory://), each process keeps its own.
        self.CACHE_REDIS_URL = env.get("MTU_CACHE_URL") or (
            self.RATELIMIT_STORAGE_URI if self.RATELIMIT_STORAGE_URI.startswith("redis") else "")
        self.PASSWORD_HASH_METHOD = "scrypt"
        # A session unused this long is signed out (0: never); counted on the server's clock.
        self.SESSION_IDLE_MINUTES = _int_setting(env, "MTU_SESSION_IDLE_MINUTES", 30)
        self.PER_PAGE = 25
        # Trainers may correct their own marks this many days after the day; then it locks.
        self.ATTENDANCE_EDIT_DAYS = _int_setting(env, "MTU_ATTENDANCE_EDIT_DAYS", 2)
        # Days of the week (0 = Monday) on which batches hold sessions; missing-day reports
        # skip the others.
        self.SESSION_WEEKDAYS = {int(d) for d in env.get("MTU_SESSION_WEEKDAYS",
                                                         "0,1,2,3,4,5").split(",")}
        # Indonesia's public holidays (the `holidays` package) are days off; 0 leaves only
        # the days the offices add (mtu/calendar).
        self.NATIONAL_HOLIDAYS = env.get("MTU_NATIONAL_HOLIDAYS", "1") != "0"
        # Hours (jam pelajaran) a session day holds at most: planning warns when a batch's
        # session days cannot hold its course's hours.
        self.MAX_HOURS_PER_DAY = _int_setting(env, "MTU_MAX_HOURS_PER_DAY", 10)
        # Certificates: number pattern ({seq}, {regency_code}, {month_roman}, {year}), the
        # district office's signatory, and the address printed in the QR code.
        self.CERTIFICATE_NUMBER_PATTERN = env.get(
            "MTU_CERTIFICATE_NUMBER_PATTERN", "{seq:03d}/MTU-{regency_code}/{month_roman}/{year}")
        # No default name: the office issues no certificate until the signatory is set.
        self.CERTIFICATE_SIGNATORY_NAME = env.get("MTU_CERTIFICATE_SIGNATORY_NAME", "")
        self.CERTIFICATE_SIGNATORY_NIP = env.get("MTU_CERTIFICATE_SIGNATORY_NIP", "")
        self.CERTIFICATE_SIGNATORY_TITLE = env.get("MTU_CERTIFICATE_SIGNATORY_TITLE",
                                                   "Kepala Dinas Tenaga Kerja")
        self.PUBLIC_BASE_URL = env.get("MTU_PUBLIC_BASE_URL", "")
        self.VERIFY_RATE_LIMIT = env.get("MTU_VERIFY_RATE_LIMIT", "30 per minute")
        # The Ed25519 key set that signs certificates as Open Badges credentials (made by
        # `flask credentials keygen`); no file, no signed credentials.
        self.CREDENTIAL_KEY_FILE = env.get("MTU_CREDENTIAL_KEY_FILE",
                                           str(INSTANCE_DIR / "credential-keys.json"))
        # Per account: lookups of complete NIKs and enrolments by NIK.
        self.NIK_LOOKUP_RATE_LIMIT = env.get("MTU_NIK_LOOKUP_RATE_LIMIT",
                                             "30 per minute;300 per day")
        # Below this attendance rate (percent) a participant cannot be certified.
        self.ATTENDANCE_THRESHOLD = _int_setting(env, "MTU_ATTENDANCE_THRESHOLD", 80)
        self.MAX_CONTENT_LENGTH = 2 * 1024 * 1024  # uploads (participant files) up to 2 MB
        self.COMPRESS_MIMETYPES = ["text/html", "text/css", "application/javascript",
                                   "text/javascript", "application/json", "image/svg+xml"]
        self.COMPRESS_ALGORITHM = ["br", "gzip"]
        # Static files stream; browsers on plain http accept gzip only.
        self.COMPRESS_ALGORITHM_STREAMING = ["br", "gzip"]
        self.COMPRESS_MIN_SIZE = 300

    def check(self):
        """Refuse to run production with settings that are only fit for a laptop."""
        if self.SECRET_KEY == DEFAULT_SECRET_KEY or len(self.SECRET_KEY) < 16:
            raise RuntimeError(
                "SECRET_KEY must be set to a long random value in production "
                "(for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )
        if self.RATELIMIT_STORAGE_URI.startswith("memory://") and not self.RATELIMIT_SINGLE_PROCESS:
            raise RuntimeError(
                "RATELIMIT_STORAGE_URI is memory://: every worker process would count sign-in "
                "attempts on its own. Point it at Redis (RATELIMIT_STORAGE_URI=redis://host:6379, "
                "pip install -e .[prod]) or, with a single process only, set "
                "MTU_RATELIMIT_SINGLE_PROCESS=1."
            )


class DevelopmentConfig(Config):
    DEBUG = True
    PRODUCTION = False

    def __init__(self, environ=None):
        super().__init__(environ)
        self.SESSION_COOKIE_SECURE = False
        self.REMEMBER_COOKIE_SECURE = False
        env = os.environ if environ is None else environ
        self.CERTIFICATE_SIGNATORY_NAME = env.get("MTU_CERTIFICATE_SIGNATORY_NAME",
                                                  "Drs. R. Hidayatullah, M.M. (contoh)")

    def check(self):
        pass


class TestingConfig(DevelopmentConfig):
    __test__ = False  # not a pytest test class
    DEBUG = False
    TESTING = True

    def __init__(self, environ=None):
        super().__init__(environ)
        env = os.environ if environ is None else environ
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.SQLALCHEMY_DATABASE_URI = _database_url(env.get("TEST_DATABASE_URL")
                                                     or "sqlite:///:memory:")
        self.PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes keep the suite quick
        self.DASHBOARD_CACHE_SECONDS = 0  # tests change rows and look again at once
        self.CACHE_REDIS_URL = ""  # the tests of mtu/shared_cache.py set their own
        # Never a developer's key under instance/: tests that sign make their own.
        self.CREDENTIAL_KEY_FILE = ""
        self.SERVER_NAME = None
        # Tests about "today" must not depend on the real date being a holiday; the calendar's
        # tests turn them on (the `national_holidays` fixture) with fixed dates.
        self.NATIONAL_HOLIDAYS = False


CONFIGS = {"production": Config, "development": DevelopmentConfig, "test": TestingConfig}


def load_config(name: str | None = None) -> Config:
    """The settings object for MTU_ENV (production unless told otherwise)."""
    name = name or os.environ.get("MTU_ENV", "production")
    try:
        config_class = CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"MTU_ENV must be one of {', '.join(CONFIGS)}, not {name!r}") from None
    return config_class()
