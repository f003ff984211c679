"""Who looked at a person's record: every opening of an inmate's record (UU PDP 27/2022 asks
the controller to account for processing of specific personal data such as criminal records),
every profile opened, and every record anyone's full NIK was shown on (edit form, NIK
look-up).

Views call record_views() with the people a page or file shows; only inmates (scope.inmate())
are written, in one INSERT, and the view commits. Daily work on a batch (attendance taps,
assessment input) is not a look at anyone's record and is not written.
"""

from enum import StrEnum

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select

from mtu.audit.services import request_path
from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.participants import scope
from mtu.participants.models import Participant, ParticipantView


class ViewKind(StrEnum):
    DETAIL = "detail"
    EDIT = "edit"
    ROSTER = "roster"
    EXPORT = "export"
    PROGRAMME = "programme"
    AFTERCARE = "aftercare"
    VERIFICATION = "verification"
    LOOKUP = "lookup"
    LIST = "list"

    @property
    def label(self):
        return VIEW_LABELS[self]


VIEW_LABELS = {
    ViewKind.DETAIL: _l("Profil peserta"), ViewKind.EDIT: _l("Formulir ubah data"),
    ViewKind.ROSTER: _l("Daftar peserta paket"), ViewKind.EXPORT: _l("Unduhan (PDF/CSV)"),
    ViewKind.PROGRAMME: _l("Daftar peserta program"),
    ViewKind.AFTERCARE: _l("Tindak lanjut"),
    ViewKind.VERIFICATION: _l("Verifikasi sertifikat (publik)"),
    ViewKind.LOOKUP: _l("Pencarian NIK"), ViewKind.LIST: _l("Daftar peserta"),
}


def _ids(people) -> set[int]:
    return {person if isinstance(person, int) else person.id for person in people}


def record_views(user: User | None, people, what: ViewKind, path: str | None = None,
                 everyone: bool = False) -> int:
    """Write one row per inmate among `people` (Participants or ids); how many were written.
    `everyone`: one row per person, inmate or not (a profile opened, or a record shown with
    its full NIK: the edit form, a NIK look-up). `user` None is an anonymous visitor. Adds, never
    commits."""
    ids = _ids(people)
    if not ids:
        return 0
    if everyone:
        inmates = sorted(ids)
    else:
        inmates = list(db.session.scalars(select(Participant.id).where(
            Participant.id.in_(ids), scope.inmate())))
    if not inmates:
        return 0
    if path is None:
        path = request_path()
    now, user_id = utc_now(), getattr(user, "id", None)
    db.session.execute(insert(ParticipantView), [
        {"participant_id": person_id, "user_id": user_id, "viewed_at": now,
         "what": ViewKind(what).value, "path": path[:200]} for person_id in sorted(inmates)])
    return len(inmates)


def seen(response, user: User | None, people, what: ViewKind, everyone: bool = False):
    """For a view that shows `people`: record the look and commit it, then answer. Called
    once the answer is rendered, so that the commit expires nothing the template needs."""
    if record_views(user, people, what, everyone=everyone):
        db.session.commit()
    return response


def seen_batch(response, user: User | None, batch_id: int,
               what: ViewKind = ViewKind.EXPORT):
    """seen() for a file or page listing a whole batch (attendance sheet, receipts,
    certificates)."""
    from mtu.participants.models import Enrolment

    people = db.session.scalars(select(Enrolment.participant_id).where(
        Enrolment.batch_id == batch_id)).all()
    return seen(response, user, people, what)


def views_of(participant: Participant):
    """select(ParticipantView) of one person, newest first, with who looked."""
    from sqlalchemy.orm import joinedload

    return (select(ParticipantView).where(ParticipantView.participant_id == participant.id)
            .options(joinedload(ParticipantView.user))
            .order_by(ParticipantView.viewed_at.desc(), ParticipantView.id.desc()))
