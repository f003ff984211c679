"""The five exports (participants, batches, attendance, results, placements): what each
account may take out, and the columns.

Privacy holds here, for every export at once: staff take their district's batches (admins
everything), village operators the people of their village and the batches held there;
companies, trainers and agencies take nothing (companies see consenting graduates in the
portal only, under its own rules). Inmates go through scope.shown_to(): never to a village. A
full NIK, an address and a phone number go to admins and to the office that recorded the
person; a village operator gets the masked NIK; another office (enrolling on proof) no NIK.

Rows are plain tuples of columns (no ORM objects, nothing kept per row), read with yield_per:
a server-side cursor on PostgreSQL, a stepped cursor on SQLite.
"""

from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import false, func, literal, select, true
from sqlalchemy.orm import aliased

from mtu.attendance.models import MARK_LABELS, AttendanceMark
from mtu.auth.models import User
from mtu.authz import Role, visible_to
from mtu.batches.models import BATCH_STATUS_LABELS, FUNDING_LABELS, Batch
from mtu.certificates.models import Assessment, Certificate, Result
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.fleet.models import Unit
from mtu.job_fairs.models import JobFair
from mtu.participants import scope
from mtu.participants.models import (
    EDUCATION_LABELS,
    EMPLOYMENT_LABELS,
    ENROLMENT_LABELS,
    Enrolment,
    EnrolmentStatus,
    Gender,
    Participant,
)
from mtu.placements.models import PLACEMENT_LABELS, Placement
from mtu.proposals.models import VENUE_LABELS
from mtu.regions.models import Region
from mtu.reports.filters import Filters
from mtu.reports.models import Dataset

EXPORTERS = (Role.ADMIN, Role.STAFF, Role.VILLAGE)
STREAM_ROWS = 1000
# The reports page counts each export's rows up to here, then says "more than".
COUNT_LIMIT = 1_000

_Home = aliased(Region, name="home_village")
_HomeDistrict = aliased(Region, name="home_subdistrict")
_Venue = aliased(Region, name="venue_village")
_VenueDistrict = aliased(Region, name="venue_subdistrict")


def _labels(mapping) -> dict[str, str]:
    """Enum labels resolved once per export, not once per cell."""
    return {str(key.value if hasattr(key, "value") else key): str(label)
            for key, label in mapping.items()}


class Privacy:
    """What one account may see of a person in an export row."""

    def __init__(self, user: User):
        self.role = Role(user.role)
        self.regency_id = user.regency_id

    def whole_profile(self, person_regency_id: int) -> bool:
        return self.role is Role.ADMIN or (self.role is Role.STAFF
                                           and person_regency_id == self.regency_id)

    def nik(self, nik: str, person_regency_id: int) -> str:
        if self.whole_profile(person_regency_id):
            return nik
        if self.role is Role.VILLAGE:
            return f"{nik[:4]}{'*' * 8}{nik[-4:]}"
        return ""

    def private(self, value, person_regency_id: int):
        """Address, phone, birth date: for the office that recorded the person."""
        return value if self.whole_profile(person_regency_id) else ""


def scoped_people(statement, user: User):
    """A statement over Enrolment ⋈ Batch ⋈ Participant narrowed to the people the user
    may export: the district's batches for staff, the village's people for its operator;
    inmates only for those scope.shown_to() lets see them."""
    role = Role(user.role)
    if role is Role.STAFF:
        statement = statement.where(Batch.regency_id == user.regency_id) \
            if user.regency_id is not None else statement.where(false())
    elif role is Role.VILLAGE:
        statement = statement.where(Participant.village_id == user.village_id) \
            if user.village_id is not None else statement.where(false())
    elif role is not Role.ADMIN:
        statement = statement.where(false())
    return statement.where(scope.shown_to(user))


def _person_statement(*columns, user: User, filters: Filters, source=Enrolment):
    """Person-level rows: `source` joined to the enrolment, its batch and course, the person
    and their home village and sub-district, scoped and filtered."""
    statement = select(*columns).select_from(source)
    if source is not Enrolment:
        statement = statement.join(Enrolment, source.enrolment_id == Enrolment.id)
    statement = (statement.join(Batch, Enrolment.batch_id == Batch.id)
                 .join(Course, Batch.course_id == Course.id)
                 .join(Participant, Enrolment.participant_id == Participant.id)
                 .outerjoin(_Home, Participant.village_id == _Home.id)
                 .outerjoin(_HomeDistrict, _Home.parent_id == _HomeDistrict.id))
    statement = filters.on_place(filters.on_batches(statement), Participant.village_id)
    return scoped_people(statement, user)


PERSON = (Participant.nik, Participant.regency_id, Participant.full_name)
BATCH = (Course.name, Batch.wave, Batch.year, Batch.venue_name)


def _batch_header():
    return [_("Kejuruan"), _("Gelombang"), _("Tahun"), _("Tempat pelatihan")]


@dataclass
class Export:
    """One dataset: its header, its rows' statement for a user and filters, and how a row of
    that statement becomes the file's cells (given the account's privacy)."""

    dataset: Dataset
    header: Callable[[], list[str]]
    statement: Callable[[User, Filters], object]
    cells: Callable[[Privacy], Callable[[tuple], list]]


# Participants: one row per enrolment (a person in a batch).

def _participants_header():
    return ["NIK", _("Nama"), _("Jenis kelamin"), _("Tanggal lahir"), _("Pendidikan"),
            _("Status pekerjaan"), _("Desa/kelurahan"), _("Kecamatan"), _("Alamat"),
            _("Telepon"), _("Kejuruan"), _("Gelombang"), _("Tahun"), _("Tempat pelatihan"),
            _("Mulai"), _("Selesai"), _("Sumber dana"), _("Status peserta")]


def _participants_statement(user, filters):
    return _person_statement(
        *PERSON, Participant.gender, Participant.birth_date, Participant.education,
        Participant.employment, _Home.name, _HomeDistrict.name, Participant.address,
        Participant.phone, *BATCH, Batch.start_date, Batch.end_date, Batch.funding,
        Enrolment.status, user=user, filters=filters,
    ).order_by(Batch.start_date, Batch.id, Participant.full_name, Enrolment.id)


def _participants_cells(privacy):
    genders = {gender.value: str(gender.label) for gender in Gender}
    education, employment = _labels(EDUCATION_LABELS), _labels(EMPLOYMENT_LABELS)
    funding, status = _labels(FUNDING_LABELS), _labels(ENROLMENT_LABELS)

    def cells(row):
        (nik, regency_id, name, gender, birth, school, work, village, subdistrict, address,
         phone, course, wave, year, venue, start, end, source, state) = row
        return [privacy.nik(nik, regency_id), name, genders.get(gender, gender),
                privacy.private(birth, regency_id), education.get(school, school),
                employment.get(work, work), village or "", subdistrict or "",
                privacy.private(address, regency_id), privacy.private(phone, regency_id),
                course, wave, year, venue, start, end, funding.get(source, source),
                status.get(state, state)]
    return cells


# Batches: one row per batch, with its numbers of participants and graduates.

def _batches_header():
    return [_("ID"), _("Kejuruan"), _("Gelombang"), _("Tahun"), _("Status"), _("Mulai"),
            _("Selesai"), _("Jenis tempat"), _("Tempat pelatihan"), _("Desa/kelurahan"),
            _("Kecamatan"), _("Kabupaten/kota"), _("Sumber dana"), _("Unit MTU"), _("Kuota"),
            _("Peserta"), _("Lulus")]


def _batches_statement(user, filters):
    taking_part = (EnrolmentStatus.ACCEPTED.value, EnrolmentStatus.PASSED.value,
                   EnrolmentStatus.FAILED.value)

    def per_batch(counted):
        # Correlated: read along the enrolments' batch index for the rows exported only (a
        # grouped subquery joined here would sum the whole province's enrolments first).
        return (select(func.count()).select_from(Enrolment)
                .join(Participant, Enrolment.participant_id == Participant.id)
                .where(Enrolment.batch_id == Batch.id, counted, scope.shown_to(user))
                .correlate(Batch).scalar_subquery())

    regency = aliased(Region, name="batch_regency")
    statement = (select(Batch.id, Course.name, Batch.wave, Batch.year, Batch.status,
                        Batch.start_date, Batch.end_date, Batch.venue_type, Batch.venue_name,
                        _Venue.name, _VenueDistrict.name, regency.name, Batch.funding,
                        Unit.code, Batch.quota,
                        per_batch(Enrolment.status.in_(taking_part)),
                        per_batch(Enrolment.status == EnrolmentStatus.PASSED.value))
                 .select_from(Batch)
                 .join(Course, Batch.course_id == Course.id)
                 .join(regency, Batch.regency_id == regency.id)
                 .outerjoin(_Venue, Batch.village_id == _Venue.id)
                 .outerjoin(_VenueDistrict, _Venue.parent_id == _VenueDistrict.id)
                 .outerjoin(Unit, Batch.unit_id == Unit.id))
    statement = filters.on_place(filters.on_batches(statement), Batch.village_id)
    if Role(user.role) not in EXPORTERS:
        statement = statement.where(false())
    return visible_to(statement, user, regency=Batch.regency_id, village=Batch.village_id) \
        .order_by(Batch.start_date, Batch.id)


def _batches_cells(privacy):
    status, venues, funding = (_labels(BATCH_STATUS_LABELS), _labels(VENUE_LABELS),
                               _labels(FUNDING_LABELS))

    def cells(row):
        (batch_id, course, wave, year, state, start, end, venue_type, venue, village,
         subdistrict, regency, source, unit, quota, taking_part, passed) = row
        return [batch_id, course, wave, year, status.get(state, state), start, end,
                venues.get(venue_type, venue_type), venue, village or "", subdistrict or "",
                regency, funding.get(source, source), unit or "", quota, taking_part or 0,
                passed or 0]
    return cells


# Attendance: one row per mark (a person on a day).

def _attendance_header():
    return [_("Tanggal"), "NIK", _("Nama"), *_batch_header(),
            _("Kehadiran")]


def _attendance_statement(user, filters):
    return _person_statement(AttendanceMark.day, *PERSON, *BATCH, AttendanceMark.status,
                             user=user, filters=filters, source=AttendanceMark) \
        .order_by(Batch.id, AttendanceMark.day, AttendanceMark.id)


def _attendance_cells(privacy):
    marks = _labels(MARK_LABELS)

    def cells(row):
        day, nik, regency_id, name, course, wave, year, venue, mark = row
        return [day, privacy.nik(nik, regency_id), name, course, wave, year, venue,
                marks.get(mark, mark)]
    return cells


# Results: one row per participant of a batch in session, with units passed and certificate.

def _results_header():
    return ["NIK", _("Nama"), *_batch_header(), _("Status peserta"),
            _("Unit kompeten"), _("Unit dinilai"), _("Nomor sertifikat"),
            _("Tanggal terbit"), _("Dicabut")]


def _results_statement(user, filters):
    def units(counted):
        return (select(func.count()).where(Assessment.enrolment_id == Enrolment.id, counted)
                .correlate(Enrolment).scalar_subquery())

    statement = _person_statement(
        *PERSON, *BATCH, Enrolment.status,
        units(Assessment.result == Result.COMPETENT.value), units(true()),
        Certificate.number, Certificate.issued_on, Certificate.revoked_at,
        user=user, filters=filters)
    return (statement.outerjoin(Certificate, Certificate.enrolment_id == Enrolment.id)
            .where(Enrolment.status.in_((EnrolmentStatus.ACCEPTED.value,
                                         EnrolmentStatus.PASSED.value,
                                         EnrolmentStatus.FAILED.value)),
                   Batch.status.in_(("running", "done")))
            .order_by(Batch.start_date, Batch.id, Participant.full_name, Enrolment.id))


def _results_cells(privacy):
    status = _labels(ENROLMENT_LABELS)
    revoked = _("dicabut")

    def cells(row):
        (nik, regency_id, name, course, wave, year, venue, state, competent, assessed,
         number, issued, revoked_at) = row
        return [privacy.nik(nik, regency_id), name, course, wave, year, venue,
                status.get(state, state), competent or 0, assessed or 0, number or "",
                issued or "", revoked if revoked_at else ""]
    return cells


# Placements: one row per placement (what became of a graduate).

def _placements_header():
    return ["NIK", _("Nama"), *_batch_header(), _("Status penempatan"),
            _("Perusahaan"), _("Jabatan"), _("Mulai"), _("Nama usaha"), _("Bursa kerja")]


def _placements_statement(user, filters):
    return (_person_statement(*PERSON, *BATCH, Placement.status, Company.name,
                              Placement.position, Placement.start_date,
                              Placement.business_name, JobFair.place, JobFair.held_on,
                              user=user, filters=filters, source=Placement)
            .outerjoin(Company, Placement.company_id == Company.id)
            .outerjoin(JobFair, Placement.job_fair_id == JobFair.id)
            .order_by(Placement.start_date, Placement.id))


def _placements_cells(privacy):
    status = _labels(PLACEMENT_LABELS)

    def cells(row):
        (nik, regency_id, name, course, wave, year, venue, state, company, position, start,
         business, fair, fair_day) = row
        return [privacy.nik(nik, regency_id), name, course, wave, year, venue,
                status.get(state, state), company or "", position, start, business,
                f"{fair} ({fair_day.isoformat()})" if fair else ""]
    return cells


EXPORTS = {export.dataset: export for export in (
    Export(Dataset.PARTICIPANTS, _participants_header, _participants_statement,
           _participants_cells),
    Export(Dataset.BATCHES, _batches_header, _batches_statement, _batches_cells),
    Export(Dataset.ATTENDANCE, _attendance_header, _attendance_statement, _attendance_cells),
    Export(Dataset.RESULTS, _results_header, _results_statement, _results_cells),
    Export(Dataset.PLACEMENTS, _placements_header, _placements_statement, _placements_cells),
)}


def count(export: Export, user: User, filters: Filters) -> int:
    return db.session.scalar(select(func.count()).select_from(
        _rows_only(export.statement(user, filters)).subquery()))


def counts(user: User, filters: Filters) -> dict[Dataset, int]:
    """How many rows each export would hold, up to COUNT_LIMIT + 1 (one query each, which
    stops there: a district's years of attendance are hundreds of thousands of marks)."""
    return {dataset: _bounded_count(export, user, filters)
            for dataset, export in EXPORTS.items()}


def _bounded_count(export: Export, user: User, filters: Filters) -> int:
    statement = _rows_only(export.statement(user, filters)).limit(COUNT_LIMIT + 1)
    return db.session.scalar(select(func.count()).select_from(statement.subquery()))


def _rows_only(statement):
    """The export's joins and filters without its columns and order: counting its rows then
    computes no cell (the per-batch and per-enrolment sums are subqueries in the columns)."""
    return statement.order_by(None).with_only_columns(literal(1), maintain_column_froms=True)


def rows(export: Export, user: User, filters: Filters):
    """The export's cells, row after row, fetched STREAM_ROWS at a time. The statement and
    the account's privacy are settled now, so that a CSV's lines may be written after the
    request committed (its objects expired) and in the stream's own session."""
    cells = export.cells(Privacy(user))
    statement = export.statement(user, filters).execution_options(yield_per=STREAM_ROWS)

    def generate():
        result = db.session.execute(statement)
        try:
            for row in result:
                yield cells(row)
        finally:
            result.close()

    return generate()
