"""One-time form tokens: a repeated, retried or doubled post creates one record.

Every form that creates something carries a random `submission_token` (mtu.forms.CreateForm).
The view claims it first, inside the request's transaction; the insert of an already claimed
token waits for the first post's transaction (row lock on PostgreSQL, the write lock on SQLite),
so the second post only learns "already submitted" once the first has committed, and then goes
where the first one went. A first post that fails validation rolls back and frees its token.
"""

import time
from datetime import datetime, timedelta

from flask import abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import ForeignKey, String, delete, select, update
from sqlalchemy.orm import Mapped, mapped_column

from mtu.clock import utc_now
from mtu.extensions import db
from mtu.locks import insert_or_ignore
from mtu.rendering import redirect_for_htmx, wants_fragment

KEEP_DAYS = 7
TOKEN_LENGTH = 64
WAIT_STEPS = (0.1, 0.2, 0.4, 0.8)  # seconds to wait for a first post that has not said where


class Submission(db.Model):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(TOKEN_LENGTH), unique=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(index=True)
    result_url: Mapped[str | None] = mapped_column(String(500))


def posted_token(form) -> str | None:
    """The token the browser sent with the form, or None (an old page, a script)."""
    field = getattr(form, "submission_token", None)
    if field is None or not field.raw_data:
        return None
    token = (field.raw_data[0] or "").strip()
    if not token or len(token) > TOKEN_LENGTH:
        return None
    return token


def _user_id() -> int | None:
    return current_user.id if current_user and current_user.is_authenticated else None


def _insert(token: str) -> int | None:
    """Insert the token; its id, or None when another post holds it (waits for that post)."""
    return insert_or_ignore(Submission, ["token"], token=token, user_id=_user_id(),
                            created_at=utc_now())


def _answer(url: str):
    if wants_fragment() or request.headers.get("HX-Request"):
        return redirect_for_htmx(url)
    response = redirect(url)
    response.vary.add("HX-Request")
    return response


def claim(form, fallback: str | None = None):
    """Call first in a create view: None when this post may go on (the token is now held until
    the request's transaction ends), else the answer for a post already made: a redirect to
    where the first one led, with a message."""
    if request.method != "POST":
        return None
    token = posted_token(form)
    if token is None:
        return None
    if _insert(token) is not None:
        return None
    db.session.rollback()
    row = None
    for pause in (0, *WAIT_STEPS):
        time.sleep(pause)
        row = db.session.execute(select(Submission.result_url, Submission.user_id)
                                 .where(Submission.token == token)).first()
        db.session.rollback()
        if row is None:  # the first post failed and freed the token: this one goes on
            if _insert(token) is not None:
                return None
            continue
        if row.result_url:
            break
    if row is not None and row.result_url and row.user_id == _user_id():
        flash(_("Data ini sudah tersimpan sebelumnya."), "info")
        return _answer(row.result_url)
    flash(_("Formulir ini sudah dikirim dan sedang diproses. Periksa daftarnya sebentar lagi "
            "sebelum mengirim ulang."), "warning")
    return _answer(fallback or _safe_referrer() or url_for("home.index"))


def guard(form, fallback: str | None = None) -> None:
    """claim(), for helpers that return no response: an earlier post's answer is raised."""
    answer = claim(form, fallback)
    if answer is not None:
        abort(answer)


def _safe_referrer() -> str | None:
    referrer = request.referrer or ""
    if referrer.startswith(request.host_url):
        return "/" + referrer[len(request.host_url):]
    return None


def done(form, url: str) -> str:
    """Record where this post's result is, before the commit; returns `url`."""
    token = posted_token(form)
    if token is not None:
        db.session.execute(update(Submission).where(Submission.token == token)
                           .values(result_url=url[:500])
                           .execution_options(synchronize_session=False))
        purge()
    return url


def purge(days: int = KEEP_DAYS) -> int:
    """Forget tokens older than `days`; how many went."""
    result = db.session.execute(delete(Submission).where(
        Submission.created_at < utc_now() - timedelta(days=days))
        .execution_options(synchronize_session=False))
    return result.rowcount or 0


def claim_key(key: str) -> bool:
    """Hold a one-time key for this request's transaction, as claim() does for a form: False
    when it was used before. A phone's queue sends each write with one, so a write sent again
    (the answer was lost on a weak signal) is applied once."""
    return _insert(key) is not None
