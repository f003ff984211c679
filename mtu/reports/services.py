"""The export log: a record per file taken out, and who may read it."""

from sqlalchemy import DateTime, String, false, insert, literal, select
from sqlalchemy.orm import joinedload

from mtu.auth.models import User
from mtu.authz import Role
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.participants import scope
from mtu.participants.audit import ViewKind
from mtu.participants.models import Participant, ParticipantView
from mtu.reports.models import Dataset, Export


def record_export(user: User, dataset: Dataset, file_format: str, filters: str = "",
                  rows: int | None = None) -> Export:
    """Write who takes which file now; the view commits before the file goes out."""
    export = Export(user_id=user.id, regency_id=user.regency_id, dataset=Dataset(dataset).value,
                    format=file_format, filters=filters[:400], rows=rows)
    db.session.add(export)
    db.session.flush()
    return export


def visible_exports(user: User):
    """The log, newest first: all of it for admins, the district's own for its staff."""
    statement = (select(Export).options(joinedload(Export.user))
                 .order_by(Export.exported_at.desc(), Export.id.desc()))
    if user.role == Role.ADMIN:
        return statement
    if user.role == Role.STAFF and user.regency_id is not None:
        return statement.where(Export.regency_id == user.regency_id)
    return statement.where(false())


def record_inmate_looks(user: User, statement, path: str) -> None:
    """An export that holds inmates counts as a look at each of their records
    (participants.audit): one INSERT … SELECT, however many rows the export has."""
    people = (statement.with_only_columns(Participant.id.label("participant_id"))
              .where(scope.inmate()).order_by(None).distinct().subquery())
    db.session.execute(insert(ParticipantView).from_select(
        ["participant_id", "user_id", "viewed_at", "what", "path"],
        select(people.c.participant_id, literal(user.id), literal(utc_now(), DateTime()),
               literal(ViewKind.EXPORT.value, String()), literal(path[:200], String()))))
