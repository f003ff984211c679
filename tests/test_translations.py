"""The English catalogue covers every message, and the user's language choice holds.

Messages are extracted afresh from the tree (babel.cfg, the keywords of `make messages`): a
message added anywhere without an English translation fails here. Fix: `make messages`, then
fill its msgstr in mtu/translations/en/LC_MESSAGES/messages.po.
"""

import re
from datetime import UTC, date
from datetime import datetime as moment
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from mtu.auth.models import User
from mtu.authz import Role
from mtu.extensions import db as _db
from mtu.i18n import COOKIE
from tests.factories import SubdistrictFactory, UserFactory, VillageFactory, user_with_role

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "mtu" / "translations" / "en" / "LC_MESSAGES" / "messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}
PLACEHOLDER = re.compile(r"%(?:\((\w+)\))?[-#0 +]*\d*(?:\.\d+)?([sdifr%])")


def _source_messages() -> dict[str, str]:
    """msgid → where it was found first, for every message in mtu/ and templates/."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map, options_map, keywords=KEYWORDS):
        for msgid in (message if isinstance(message, tuple) else (message,)):
            if msgid:
                found.setdefault(msgid, f"{filename}:{lineno}")
    return found


def _catalogue():
    with ENGLISH.open("rb") as source:
        return read_po(source, locale="en")


def _placeholders(text: str) -> list[str]:
    return sorted(name or kind for name, kind in PLACEHOLDER.findall(text) if kind != "%")


@pytest.fixture(scope="module")
def catalogue():
    return _catalogue()


@pytest.fixture(scope="module")
def source_messages():
    return _source_messages()


def test_every_message_in_the_code_has_an_english_translation(catalogue, source_messages):
    missing = []
    for msgid, where in sorted(source_messages.items(), key=lambda item: item[1]):
        entry = catalogue.get(msgid)
        strings = entry and (entry.string if isinstance(entry.string, tuple)
                             else (entry.string,))
        if entry is None or not all(strings):
            missing.append(f"{where}: {msgid!r}")
    assert not missing, (
        f"{len(missing)} message(s) without English: run `make messages` and translate them in "
        f"{ENGLISH.relative_to(ROOT)}:\n" + "\n".join(missing[:50]))


def test_no_message_hides_inside_an_f_string():
    """pybabel does not look inside f-strings (Python 3.11): a _() there is never extracted,
    so it would stay Indonesian unnoticed. Take it out into a variable."""
    hidden = [f"{path.relative_to(ROOT)}:{number}"
              for path in sorted((ROOT / "mtu").rglob("*.py"))
              for number, line in enumerate(path.read_text().splitlines(), 1)
              if re.search(r"""\bf["'].*\{\s*(?:_l?|gettext|ngettext|lazy_gettext)\(""", line)]
    assert not hidden, hidden


def test_no_translation_is_fuzzy(catalogue):
    fuzzy = [message.id for message in catalogue if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy (a guess, not shown): {fuzzy[:20]}"


def test_translations_keep_the_placeholders(catalogue):
    wrong = []
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = _placeholders(ids[0])
        for text in strings:
            if text and _placeholders(text) != wanted:
                wrong.append(f"{ids[0]!r} → {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)


def test_the_catalogue_holds_nothing_the_code_no_longer_says(catalogue, source_messages):
    stale = [message.id for message in catalogue if message.id and (
        (message.id[0] if isinstance(message.id, tuple) else message.id)
        not in source_messages)]
    assert not stale, f"not in the code any more (run `make messages`): {stale[:20]}"


def test_the_english_catalogue_is_really_english(catalogue):
    """A translation left equal to the Indonesian is a slip, unless it is a name or a term the
    English keeps (NIK, LPK, …) or holds no words at all."""
    same = [message.id for message in catalogue
            if isinstance(message.id, str) and message.id == message.string
            and re.search(r"\b(yang|dan|untuk|tidak|belum|sudah|dari|atau|dengan)\b",
                          message.id)]
    assert not same, f"left in Indonesian: {same[:20]}"


# A number (%(…)d, or %(num)s: a count written with thousands separators) before a plural noun.
COUNTED = re.compile(r"%\((?:(\w+)\)d|(num)\)s) (?:[A-Za-z-]+ ){0,2}?[a-z]+s\b")
# A fixed limit (never 1) or a row's number, not a count of things.
NOT_COUNTS = {"line", "max", "min"}


def test_a_count_in_english_agrees_with_its_number(catalogue):
    """Indonesian says "1 peserta" and "5 peserta"; English needs "1 participant". A message
    whose English puts a number before a plural noun is an ngettext entry with both forms, or
    names the count ("waiting: %(n)d") where a sentence has several."""
    unbent = [f"{message.id!r} → {message.string!r}" for message in catalogue
              if isinstance(message.id, str) and message.id
              and any(name not in NOT_COUNTS for names in COUNTED.findall(message.string)
                      for name in names if name)]
    assert not unbent, "use ngettext (make messages, then fill msgstr[0] and msgstr[1]):\n" + \
        "\n".join(unbent)


def test_the_singular_of_a_counted_message_is_singular(catalogue):
    """Both forms filled, and not the same English where the plural has a plural noun."""
    same = [message.id[0] for message in catalogue if isinstance(message.id, tuple)
            and message.string[0] == message.string[1]
            and COUNTED.search(message.string[1])]
    assert not same, f"singular left plural: {same}"


# Through HTTP: the default, the switch, and what an English-speaking user sees.

def test_pages_are_indonesian_by_default(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="id">' in page and "Masuk ke MTU" in page
    assert '<button class="link" name="locale" value="en" lang="en">English</button>' in page


def test_a_visitor_picks_english_on_the_sign_in_page_and_it_stays_in_a_cookie(client):
    response = client.post_form("/auth/language", {"locale": "en", "next": "/auth/login"})
    assert response.status_code == 302 and response.headers["Location"] == "/auth/login"
    assert f"{COOKIE}=en" in response.headers["Set-Cookie"]
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="en">' in page and "Sign in to MTU" in page
    assert 'lang="id">Bahasa Indonesia</button>' in page


def test_an_unknown_language_or_a_foreign_next_changes_nothing(client):
    response = client.post_form("/auth/language",
                                {"locale": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert "Set-Cookie" not in response.headers or COOKIE not in response.headers["Set-Cookie"]
    assert '<html lang="id">' in client.get("/auth/login").get_data(as_text=True)


def test_the_language_needs_a_csrf_token(client):
    assert client.post("/auth/language", data={"locale": "en"}).status_code == 400


def test_english_picked_on_the_sign_in_page_goes_onto_the_account(client, db):
    user = UserFactory(name="Siti")
    client.post_form("/auth/language", {"locale": "en", "next": "/auth/login"})
    client.login(user)
    assert "Welcome, Siti" in client.get("/").get_data(as_text=True)
    assert db.session.get(User, user.id).locale == "en"


def test_the_choice_is_kept_on_the_account_and_follows_the_user(app, client, db):
    user = user_with_role(Role.STAFF, name="Siti")
    client.login(user)
    assert "Selamat datang, Siti" in client.get("/").get_data(as_text=True)
    client.post_form("/auth/language", {"locale": "en", "next": "/"})
    assert db.session.get(User, user.id).locale == "en"
    # Another browser, no cookie: the account says English.
    other = app.test_client()
    other.login(user)
    page = other.get("/").get_data(as_text=True)
    assert '<html lang="en">' in page and "Welcome, Siti" in page
    # The account's choice wins over an old cookie, both ways.
    other.post_form("/auth/language", {"locale": "id", "next": "/"})
    assert db.session.get(User, user.id).locale == "id"
    assert "Selamat datang, Siti" in client.get("/").get_data(as_text=True)


def test_an_english_user_sees_english_on_the_home_a_list_and_a_form_error(client, db):
    user = user_with_role(Role.STAFF, locale="en")
    client.login(user)
    home = client.get("/").get_data(as_text=True)
    assert "Sign out" in home and "Keluar" not in home
    villages = client.get("/villages/?q=Maron").get_data(as_text=True)
    assert "<h1>Villages and urban villages</h1>" in villages
    assert "0 villages" in villages and "No matching villages." in villages
    assert "desa/kelurahan" not in villages
    VillageFactory(name="Sumberejo Kidul", parent=SubdistrictFactory(parent=user.regency))
    villages = client.get("/villages/?q=Sumberejo").get_data(as_text=True)
    assert re.search(r"\b1 village\b", villages), "one village is counted in the singular"
    response = client.post_form("/auth/password", {"current_password": "",
                                                   "new_password": "pendek",
                                                   "confirm_password": "lain"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Required." in page and "Wajib diisi" not in page
    assert "Does not match the new password." in page


def test_dates_and_rupiah_follow_the_language(app, db):
    from flask_babel import force_locale

    from mtu.i18n import date as format_date
    from mtu.i18n import rupiah

    with app.test_request_context():
        assert rupiah(45_000_000) == "Rp45.000.000"
        assert format_date(date(2026, 8, 17), "d MMMM y") == "17 Agustus 2026"
        with force_locale("en_GB"):
            assert rupiah(45_000_000) == "Rp\u00a045,000,000"
            assert format_date(date(2026, 8, 17), "d MMMM y") == "17 August 2026"
            assert format_date(date(2026, 8, 17), "EEEE, d MMMM y") == "Monday, 17 August 2026"


def test_every_date_pattern_of_the_templates_works_in_every_language(app, db):
    """CLDR has no skeleton for a date with a time: each pattern the templates use must still
    format, in every language (an English page with a time stamp once answered 500)."""
    from flask_babel import force_locale

    from mtu.i18n import BABEL_LOCALES, SKELETONS
    from mtu.i18n import date as format_date
    from mtu.i18n import datetime as format_datetime

    stamp = moment(2026, 8, 17, 2, 5, tzinfo=UTC)
    with app.test_request_context():
        for locale in BABEL_LOCALES.values():
            with force_locale(locale):
                for pattern in SKELETONS:
                    if "HH" not in pattern:
                        assert format_date(date(2026, 8, 17), pattern)
                    assert format_datetime(stamp, pattern)
        with force_locale("en_GB"):
            assert format_datetime(stamp, "d MMM y HH:mm") == "17 Aug 2026, 09:05"
            assert format_datetime(stamp, "d MMM HH:mm") == "17 Aug, 09:05"


def test_a_new_account_is_indonesian(db):
    user = UserFactory()
    _db.session.refresh(user)
    assert user.locale == "id"


def test_on_a_shared_computer_one_users_language_does_not_become_the_next_ones(client, db):
    """The office PC: Siti picks English and signs out; Budi signs in on the same browser and
    keeps his Indonesian (the cookie is a visitor's choice, handed to the account once)."""
    siti = user_with_role(Role.STAFF, name="Siti")
    budi = user_with_role(Role.STAFF, name="Budi")

    def home_of(user) -> str:
        client.post_form("/auth/logout")
        client.login(user)
        return client.get("/").get_data(as_text=True)

    home_of(siti)
    client.post_form("/auth/language", {"locale": "en", "next": "/"})
    assert "Selamat datang, Budi" in home_of(budi)
    assert db.session.get(User, budi.id).locale == "id"
    # Picked on the sign-in page, then signed in: that account takes it, the next one not.
    client.post_form("/auth/logout")
    client.post_form("/auth/language", {"locale": "en", "next": "/auth/login"})
    client.login(budi)
    assert "Welcome, Budi" in client.get("/").get_data(as_text=True)
    home_of(siti)
    client.post_form("/auth/language", {"locale": "id", "next": "/"})
    assert "Welcome, Budi" in home_of(budi)
    assert db.session.get(User, siti.id).locale == "id"


def test_every_pdf_stays_indonesian_for_an_english_reader(client, db):
    """A PDF is paper of an Indonesian district office (sheets and receipts the participants
    sign, certificates, reports upward, a resident's copy of their data): Indonesian, whoever
    prints it; the pages around it speak the reader's language."""
    from io import BytesIO

    from pypdf import PdfReader
    from sqlalchemy import select

    from mtu.batches.models import Batch, BatchStatus
    from mtu.certificates.models import Certificate
    from mtu.demo.seed import DEMO_PASSWORD, seed_demo
    from mtu.participants.models import Enrolment
    from mtu.prison_programs.models import Programme

    seed_demo()
    admin = _db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    admin.locale = "en"
    _db.session.commit()
    done = _db.session.scalar(select(Batch).where(Batch.status == BatchStatus.DONE)
                              .order_by(Batch.id).limit(1))
    certificate = _db.session.scalar(select(Certificate).order_by(Certificate.id).limit(1))
    person = _db.session.scalar(select(Enrolment.participant_id)
                                .where(Enrolment.batch_id == done.id).limit(1))
    programme = _db.session.scalar(select(Programme.id).limit(1))
    client.login(admin, DEMO_PASSWORD)
    assert "Sign out" in client.get("/").get_data(as_text=True)
    for url in (f"/attendance/batches/{done.id}/sheet.pdf",
                f"/facilities/batches/{done.id}/receipt.pdf",
                f"/reports/batches/{done.id}/completion.pdf",
                f"/reports/annual.pdf?year={done.year}",
                f"/programmes/{programme}/report.pdf",
                f"/participants/{person}/data.pdf",
                f"/certificates/{certificate.id}.pdf"):
        response = client.get(url)
        assert response.mimetype == "application/pdf", url
        text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(
            response.data)).pages)
        english = [word for word in ("Printed from", "Page ", "MANPOWER", "Signature",
                                     "Certificate", "Participant", "Course")
                   if word in text]
        assert not english, (url, english)
