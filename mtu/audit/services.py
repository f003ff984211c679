"""Writing the audit trail, and reading it back as one list.

Three append-only tables make the trail, each in the shape of what it records:
participant_views (one row per person per look: profiles with a full NIK, edit forms, NIK
look-ups, and every inmate a page or file shows), exports (one row per file taken out, with its
filters) and audit_events (a change to personal data with the values before and after, an
account change, an anonymisation). trail() reads them as one list, newest first.
"""

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlencode

from flask import has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    Integer,
    String,
    Text,
    bindparam,
    cast,
    func,
    insert,
    literal,
    null,
    select,
    union_all,
)

from mtu.audit.models import AuditEvent, AuditKind
from mtu.auth.models import User
from mtu.clock import local_timezone, utc_now
from mtu.extensions import db
from mtu.listing import SEARCH_ARG, contains

# The personal fields of a participant whose changes are kept, with the label a reader sees.
PARTICIPANT_FIELDS = {
    "nik": _l("NIK"), "full_name": _l("Nama"), "gender": _l("Jenis kelamin"),
    "birth_date": _l("Tanggal lahir"), "address": _l("Alamat"), "village": _l("Desa"),
    "phone": _l("Telepon"), "education": _l("Pendidikan"), "employment": _l("Pekerjaan"),
    "disability": _l("Disabilitas"), "expected_release_on": _l("Perkiraan bebas"),
    "released_on": _l("Tanggal bebas"),
}
ACCOUNT_FIELDS = {
    "name": _l("Nama"), "email": _l("Email"), "role": _l("Peran"), "regency": _l("Kantor"),
    "village": _l("Desa"), "company": _l("Perusahaan"), "agency": _l("Instansi"),
    "active": _l("Aktif"),
}
FIELD_LABELS = {**ACCOUNT_FIELDS, **PARTICIPANT_FIELDS}
WHAT_LABELS = {
    "create": _l("dicatat"), "update": _l("diubah"), "release": _l("tanggal bebas"),
    "password_reset": _l("kata sandi diatur ulang oleh admin"),
    "password_change": _l("kata sandi diganti"), "anonymise": _l("dianonimkan"),
}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if hasattr(value, "full_name"):  # a Region
        return value.full_name
    if hasattr(value, "name") and not isinstance(value, str):  # a Company or an Agency
        return value.name
    return str(value)


def snapshot(obj, fields) -> dict[str, str | None]:
    """The fields' values as text, to compare before and after a change."""
    return {field: _text(getattr(obj, field)) for field in fields}


def participant_snapshot(participant) -> dict[str, str | None]:
    return snapshot(participant, PARTICIPANT_FIELDS)


def account_snapshot(user: User) -> dict[str, str | None]:
    return snapshot(user, ACCOUNT_FIELDS)


def request_path() -> str:
    """The page asked for, as the trail keeps it: without what was typed in a search box (a
    name or NIK there would outlive the person's anonymisation, in rows nothing may change)."""
    if not has_request_context():
        return ""
    kept = urlencode([(name, value) for name, value in request.args.items(multi=True)
                      if name != SEARCH_ARG])
    return f"{request.path}?{kept}"[:200] if kept else request.path[:200]


def record(kind: AuditKind, user: User | None, *, participant_id: int | None = None,
           account_id: int | None = None, what: str = "",
           changes: dict | None = None) -> AuditEvent:
    """Add one event (the caller's commit keeps it with the change it describes)."""
    event = AuditEvent(kind=AuditKind(kind).value, user_id=getattr(user, "id", None),
                       participant_id=participant_id, account_id=account_id, what=what[:40],
                       changes=json.dumps(changes or {}, ensure_ascii=False),
                       path=request_path(), at=utc_now())
    db.session.add(event)
    return event


def differences(before: dict, after: dict) -> dict[str, list]:
    return {field: [before.get(field), value] for field, value in after.items()
            if before.get(field) != value}


def record_change(user: User | None, participant, before: dict, what: str = "update"):
    """A change to a participant's personal data: the fields that changed, before and after;
    nothing when nothing changed. `before` is participant_snapshot() taken first."""
    changed = differences(before, participant_snapshot(participant))
    if not changed:
        return None
    return record(AuditKind.CHANGE, user, participant_id=participant.id, what=what,
                  changes=changed)


def record_creations(user: User | None, participant_ids: list[int]) -> None:
    """People recorded (one by one or by an import): one event each, in one INSERT; the
    values are the record itself, so none are copied here."""
    if not participant_ids:
        return
    now, path, user_id = utc_now(), request_path(), getattr(user, "id", None)
    db.session.execute(insert(AuditEvent), [
        {"at": now, "user_id": user_id, "participant_id": participant_id,
         "kind": AuditKind.CHANGE.value, "what": "create", "changes": "{}", "path": path}
        for participant_id in participant_ids])


def record_account(user: User | None, account: User, before: dict | None, what: str):
    """An account created or changed (before None: created), or its password reset."""
    changed = differences(before, account_snapshot(account)) if before is not None else {}
    if before is not None and not changed and what == "update":
        return None
    if account.id is None:
        db.session.flush()
    return record(AuditKind.ACCOUNT, user, account_id=account.id, what=what, changes=changed)


def redact_person(participant_id: int) -> int:
    """Blank the values kept in the events about a person (anonymisation): the fields that
    changed stay named, their values go. The one update the triggers allow."""
    events = db.session.execute(select(AuditEvent.id, AuditEvent.changes).where(
        AuditEvent.participant_id == participant_id, AuditEvent.redacted_at.is_(None))).all()
    if not events:
        return 0
    now = utc_now()
    table = AuditEvent.__table__
    db.session.execute(table.update().where(table.c.id == bindparam("event_id")), [
        {"event_id": event_id, "redacted_at": now,
         "changes": json.dumps({field: [None, None] for field in json.loads(changes)})}
        for event_id, changes in events])
    return len(events)


# --- Reading the trail -----------------------------------------------------------------


@dataclass
class TrailFilters:
    user: str = ""  # a name or email, in part
    person: int | None = None  # a participant's id
    kind: str = ""  # an AuditKind value
    start: date | None = None
    end: date | None = None


def _bounds(filters: TrailFilters):
    """The chosen days (the office's calendar) as naive UTC moments: [start, end)."""
    zone = local_timezone()

    def utc(day):
        return datetime.combine(day, time(), zone).astimezone(UTC).replace(tzinfo=None)

    start = utc(filters.start) if filters.start else None
    end = utc(filters.end + timedelta(days=1)) if filters.end else None
    return start, end


COLUMNS = ("at", "user_id", "participant_id", "account_id", "kind", "what", "detail", "format",
           "rows", "row_id")


def _row(*columns):
    return select(*(column.label(name) for column, name in zip(columns, COLUMNS, strict=True)))


def _branches(filters: TrailFilters):
    from mtu.participants.models import ParticipantView
    from mtu.reports.models import Export

    views = _row(ParticipantView.viewed_at, ParticipantView.user_id,
                 ParticipantView.participant_id, cast(null(), Integer),
                 literal(AuditKind.VIEW.value, String), ParticipantView.what,
                 cast(ParticipantView.path, Text), cast(null(), String), cast(null(), Integer),
                 ParticipantView.id)
    exports = _row(Export.exported_at, Export.user_id, cast(null(), Integer),
                   cast(null(), Integer), literal(AuditKind.EXPORT.value, String),
                   Export.dataset, cast(Export.filters, Text), Export.format, Export.rows,
                   Export.id)
    events = _row(AuditEvent.at, AuditEvent.user_id, AuditEvent.participant_id,
                  AuditEvent.account_id, AuditEvent.kind, AuditEvent.what, AuditEvent.changes,
                  cast(null(), String), cast(null(), Integer), AuditEvent.id)
    tables = {AuditKind.VIEW: (views, ParticipantView.viewed_at, ParticipantView.user_id,
                               ParticipantView.participant_id),
              AuditKind.EXPORT: (exports, Export.exported_at, Export.user_id, None),
              "events": (events, AuditEvent.at, AuditEvent.user_id, AuditEvent.participant_id)}
    start, end = _bounds(filters)
    users = None
    if filters.user:
        users = select(User.id).where(contains(filters.user, User.name, User.email))
    branches = []
    for name, (statement, at, user_id, participant_id) in tables.items():
        if filters.kind:
            if name == "events" and filters.kind in (AuditKind.VIEW, AuditKind.EXPORT):
                continue
            if name != "events" and filters.kind != name:
                continue
            if name == "events":
                statement = statement.where(AuditEvent.kind == filters.kind)
        if filters.person is not None:
            if participant_id is None:
                continue
            statement = statement.where(participant_id == filters.person)
        if users is not None:
            statement = statement.where(user_id.in_(users))
        if start is not None:
            statement = statement.where(at >= start)
        if end is not None:
            statement = statement.where(at < end)
        branches.append(statement)
    return branches


def _shown(field: str, *values) -> list:
    """A NIK masked: the page lists many people and records no look at anyone's NIK."""
    from mtu.participants.models import mask_nik

    if field != "nik":
        return list(values)
    return [mask_nik(value) if value else value for value in values]


@dataclass
class TrailRow:
    at: datetime
    user: User | None
    person: object | None
    account: User | None
    kind: AuditKind
    what: str
    detail: str
    format: str | None
    rows: int | None

    @property
    def changes(self) -> list[tuple]:
        """(label, before, after) of an event's changed fields."""
        if self.kind in (AuditKind.VIEW, AuditKind.EXPORT):
            return []
        try:
            values = json.loads(self.detail or "{}")
        except ValueError:
            return []
        return [(FIELD_LABELS.get(field, field), *_shown(field, before, after))
                for field, (before, after) in values.items()]

    @property
    def what_label(self):
        from mtu.participants.audit import VIEW_LABELS, ViewKind
        from mtu.reports.models import DATASET_LABELS, Dataset

        if self.kind is AuditKind.VIEW and self.what in ViewKind._value2member_map_:
            return VIEW_LABELS[ViewKind(self.what)]
        if self.kind is AuditKind.EXPORT and self.what in Dataset._value2member_map_:
            return DATASET_LABELS[Dataset(self.what)]
        return WHAT_LABELS.get(self.what, self.what)


def trail_page(filters: TrailFilters, page: int, per_page: int):
    """One page of the trail, newest first, and the number of pages."""
    from mtu.listing import ListPage
    from mtu.participants.models import Participant

    branches = _branches(filters)
    if not branches:
        return ListPage([], 1, 1)
    union = union_all(*branches).subquery()
    total = db.session.scalar(select(func.count()).select_from(union))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    rows = db.session.execute(select(union).order_by(union.c.at.desc(), union.c.row_id.desc())
                              .limit(per_page).offset((page - 1) * per_page)).all()
    user_ids = {r.user_id for r in rows} | {r.account_id for r in rows}
    people_ids = {r.participant_id for r in rows}
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(
        user_ids - {None})))}
    people = {p.id: p for p in db.session.scalars(select(Participant).where(
        Participant.id.in_(people_ids - {None})))}
    items = [TrailRow(r.at, users.get(r.user_id), people.get(r.participant_id),
                      users.get(r.account_id), AuditKind(r.kind), r.what, r.detail or "",
                      r.format, r.rows) for r in rows]
    result = ListPage(items, page, pages)
    result.total = total
    return result
