"""The language of the pages: Bahasa Indonesia unless the user picked English.

The choice is kept on the account (users.locale) and, for a visitor not signed in, in a cookie;
nothing else (no Accept-Language guess: district offices work in Indonesian). Dates and rupiah
amounts follow the language through the template filters below.
"""

from datetime import date as _date
from functools import lru_cache

from babel import Locale
from babel.dates import format_skeleton
from flask import g, has_request_context, request
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

DEFAULT_LOCALE = "id"
# Each language by its own name: a reader who does not know the current one still finds theirs.
LOCALES = {"id": "Bahasa Indonesia", "en": "English"}
# English as written in Indonesia's English-language press and offices: British spelling (the
# catalogue) and dates day first, "17 August 2026" (en_GB), not "August 17, 2026".
BABEL_LOCALES = {"id": "id", "en": "en_GB"}
COOKIE = "mtu_lang"
COOKIE_MAX_AGE = 60 * 60 * 24 * 365

# The Indonesian date patterns the templates ask for, as CLDR skeletons: in another language
# the same fields come in that language's own order and form.
SKELETONS = {
    "d MMM": "MMMd",
    "d MMMM": "MMMMd",
    "MMM y": "yMMM",
    "MMMM y": "yMMMM",
    "d MMM y": "yMMMd",
    "d MMMM y": "yMMMMd",
    "EEE d/M": "MEd",
    "EEE, d MMM y": "yMMMEd",
    "EEEE, d MMMM y": "yMMMMEEEEd",
    "d MMM y HH:mm": "yMMMdHm",
    "d MMM HH:mm": "MMMdHm",
}

# Texts of static/js/offline.js in another language than Indonesian (see base.html).
OFFLINE_TEXT = {
    "waiting": _l("Menunggu sinyal, belum terkirim."),
    "journal": _l("Jurnal ini menunggu sinyal, belum terkirim."),
    "marks": _l(" tanda hadir"),
    "and": _l(" dan "),
    "journals": _l(" jurnal"),
    "wait": _l(" menunggu dikirim."),
    "noSignal": _l(" Belum ada sinyal."),
    "expired": _l(" Sesi Anda berakhir: masuk lagi untuk mengirimnya."),
    "signIn": _l("Masuk"),
    "refused": _l("Ditolak server: "),
}


def known_locale(value) -> str | None:
    return value if isinstance(value, str) and value in LOCALES else None


def select_locale() -> str:
    """The signed-in user's language, else the cookie's, else Indonesian (also outside a
    request: commands, the seed, services called from tests)."""
    if not has_request_context() or g.get("mtu_selecting_locale"):
        # Loading the user may itself translate a message: that one is Indonesian.
        return BABEL_LOCALES[DEFAULT_LOCALE]
    g.mtu_selecting_locale = True
    try:
        if current_user and current_user.is_authenticated:
            choice = known_locale(getattr(current_user, "locale", None))
        else:
            choice = known_locale(request.cookies.get(COOKIE))
    finally:
        g.mtu_selecting_locale = False
    return BABEL_LOCALES[choice or DEFAULT_LOCALE]


def current_locale() -> str:
    """The language of the page: 'id' or 'en' (a key of LOCALES; html lang)."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LOCALE


def _is_default() -> bool:
    return current_locale() == DEFAULT_LOCALE


def _format_skeleton(skeleton: str, value, locale) -> str:
    """CLDR holds no date-and-time skeletons ('yMMMdHm' is a KeyError in en_GB): the date part
    by its skeleton, the 24-hour time, joined the way the language joins them ("17 Aug 2026,
    09:05")."""
    if not skeleton.endswith("Hm"):
        return format_skeleton(skeleton, value, locale=locale)
    day = format_skeleton(skeleton[:-2], value, locale=locale)
    return Locale.parse(locale).datetime_formats["medium"].format(f"{value:%H:%M}", day)


def date(value, format="medium"):
    """format_date, with the templates' Indonesian patterns in the reader's language order;
    remembered for plain dates (a year's timeline writes hundreds, and Babel takes a tenth of
    a millisecond for each), per language. Datetimes go through the time zone each time."""
    if value is None:
        return ""
    if type(value) is _date:
        return _formatted_date(value, format, str(get_locale()))
    if not _is_default() and format in SKELETONS:
        return _format_skeleton(SKELETONS[format], value, get_locale())
    return format_date(value, format)


@lru_cache(maxsize=8192)
def _formatted_date(value: _date, format, locale: str) -> str:
    if locale != BABEL_LOCALES[DEFAULT_LOCALE] and format in SKELETONS:
        return _format_skeleton(SKELETONS[format], value, locale)
    return format_date(value, format)


def datetime(value, format="medium"):
    if value is None:
        return ""
    if not _is_default() and format in SKELETONS:
        from flask_babel import to_user_timezone

        return _format_skeleton(SKELETONS[format], to_user_timezone(value), get_locale())
    return format_datetime(value, format)


def rupiah(value: int | None) -> str:
    """750000 → 'Rp750.000' in Indonesian, 'Rp 750,000' in English (the way English-language
    Indonesian papers and banks write it; 'IDR 750,000.00' reads like a currency exchange)."""
    if value is None:
        return ""
    if _is_default():
        return "Rp" + format_decimal(value)
    return "Rp\u00a0" + format_decimal(value)


def offline_text() -> dict | None:
    """offline.js's messages for this language, or None when they are its own (Indonesian)."""
    if _is_default():
        return None
    return {key: str(text) for key, text in OFFLINE_TEXT.items()}


def init_app(app, babel):
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(current_locale=current_locale, LOCALES=LOCALES,
                                 offline_text=offline_text)
