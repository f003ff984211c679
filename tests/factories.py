"""factory_boy factories; each commits, so requests in their own session see the rows."""

from datetime import date, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory
from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.certificates.models import Certificate
from mtu.companies.models import Company
from mtu.courses.models import CompetencyUnit, Course, Equipment
from mtu.extensions import db
from mtu.fleet.models import Unit, UnitStatus
from mtu.participants.models import Enrolment, Participant
from mtu.prison_programs.models import ActionItem, Agency, Meeting, Partner, Programme
from mtu.proposals.models import Proposal, ProposalEvent, ProposerKind, Status, VenueType
from mtu.regions.models import Level, Region
from mtu.trainers.models import EmployerType, Institute, Trainer

PASSWORD = "rahasia-123"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731
        sqlalchemy_session_persistence = "commit"


class ProvinceFactory(BaseFactory):
    class Meta:
        model = Region

    code = factory.Sequence(lambda n: f"{n + 11}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")
    level = Level.PROVINCE.value
    parent = None


class RegencyFactory(ProvinceFactory):
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}.{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"Kab. Contoh {n}")
    level = Level.REGENCY.value
    parent = factory.SubFactory(ProvinceFactory)


class SubdistrictFactory(ProvinceFactory):
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}.{n % 99 + 1:02d}")
    name = factory.Sequence(lambda n: f"Kecamatan {n}")
    level = Level.SUBDISTRICT.value
    parent = factory.SubFactory(RegencyFactory)


class VillageFactory(ProvinceFactory):
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.parent.code}.{2000 + n % 999}")
    name = factory.Sequence(lambda n: f"Desa {n}")
    level = Level.VILLAGE.value
    parent = factory.SubFactory(SubdistrictFactory)


class CompanyFactory(BaseFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"PT Mitra {n}")
    sector = "manufacturing"
    address = "Jl. Industri 1"
    phone = "0343-123456"


class AgencyFactory(BaseFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"Dinas Mitra {n}")


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"pengguna{n}@contoh.example")
    name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.ADMIN.value
    active = True
    password_hash = ""

    @factory.post_generation
    def password(user, create, value, **kwargs):
        user.set_password(value or PASSWORD)
        if create:
            db.session.commit()

    class Params:
        staff = factory.Trait(role=Role.STAFF.value,
                              regency=factory.SubFactory(RegencyFactory))
        trainer = factory.Trait(role=Role.TRAINER.value)
        village_operator = factory.Trait(role=Role.VILLAGE.value,
                                         village=factory.SubFactory(VillageFactory))
        company_hr = factory.Trait(role=Role.COMPANY.value,
                                   company=factory.SubFactory(CompanyFactory))
        agency_staff = factory.Trait(role=Role.AGENCY.value,
                                     agency=factory.SubFactory(AgencyFactory))


def user_with_role(role: Role, **kwargs) -> User:
    """A user of this role with the scope the role needs."""
    traits = {Role.ADMIN: {}, Role.STAFF: {"staff": True}, Role.TRAINER: {"trainer": True},
              Role.VILLAGE: {"village_operator": True}, Role.COMPANY: {"company_hr": True},
              Role.AGENCY: {"agency_staff": True}}
    return UserFactory(**traits[Role(role)], **kwargs)


class CourseFactory(BaseFactory):
    class Meta:
        model = Course

    name = factory.Sequence(lambda n: f"Kejuruan {n}")
    sector = "Umum"


class ProposalFactory(BaseFactory):
    """A village's proposal, status diusulkan, with the first timeline entry."""

    class Meta:
        model = Proposal

    proposer_kind = ProposerKind.VILLAGE.value
    village = factory.SubFactory(VillageFactory)
    subdistrict = factory.LazyAttribute(lambda o: o.village.parent if o.village else None)
    regency = factory.LazyAttribute(lambda o: (o.subdistrict or o.village.parent).parent)
    course = factory.SubFactory(CourseFactory)
    vocation_text = ""
    candidates = 16
    venue_type = VenueType.VILLAGE_HALL.value
    venue_name = "Balai desa"
    reason = "Banyak pemuda belum bekerja."
    contact_name = "Pak Kades"
    contact_phone = "081234567890"
    status = Status.PROPOSED.value

    @factory.post_generation
    def timeline(proposal, create, value, **kwargs):
        proposal.events.append(ProposalEvent(to_status=Status.PROPOSED.value))
        if create:
            db.session.commit()


class EquipmentFactory(BaseFactory):
    class Meta:
        model = Equipment

    name = factory.Sequence(lambda n: f"Peralatan {n}")


class CompetencyUnitFactory(BaseFactory):
    class Meta:
        model = CompetencyUnit

    course = factory.SubFactory(CourseFactory)
    code = factory.Sequence(lambda n: f"UNIT.{n:04d}")
    title = factory.Sequence(lambda n: f"Unit kompetensi {n}")
    position = factory.Sequence(lambda n: n)


class InstituteFactory(BaseFactory):
    class Meta:
        model = Institute

    name = factory.Sequence(lambda n: f"LPK Contoh {n}")
    regency = factory.SubFactory(RegencyFactory)


class TrainerFactory(BaseFactory):
    class Meta:
        model = Trainer

    name = factory.Sequence(lambda n: f"Pelatih {n}")
    employer_type = EmployerType.INSTITUTE.value
    regency = factory.SubFactory(RegencyFactory)
    institute = factory.SubFactory(InstituteFactory,
                                   regency=factory.SelfAttribute("..regency"))
    phone = "081299990000"

    @factory.post_generation
    def courses(trainer, create, value, **kwargs):
        if value:
            trainer.courses.extend(value)
            if create:
                db.session.commit()


class UnitFactory(BaseFactory):
    class Meta:
        model = Unit

    code = factory.Sequence(lambda n: f"MTU-{n:02d}")
    name = factory.Sequence(lambda n: f"Unit {n}")
    plate = factory.Sequence(lambda n: f"N {1000 + n} XY")
    home_base = "UPT LKD"
    regency = factory.SubFactory(RegencyFactory)
    status = UnitStatus.READY.value

    @factory.post_generation
    def equipment(unit, create, value, **kwargs):
        if value:
            unit.equipment.extend(value)
            if create:
                db.session.commit()


class BatchFactory(BaseFactory):
    """A planned 30-day batch at a village hall, with one trainer and no unit by default:
    then the venue brings the equipment. BatchFactory(unit=some_unit) books a unit instead
    (and leaves equipment_provider empty)."""

    class Meta:
        model = Batch

    course = factory.SubFactory(CourseFactory)
    regency = factory.SubFactory(RegencyFactory)
    year = 2026
    wave = 1
    venue_type = VenueType.VILLAGE_HALL.value
    venue_name = "Balai Desa Contoh"
    start_date = date(2026, 3, 1)
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=29))
    quota = 16
    funding = "apbd"
    status = "planned"
    unit = None
    equipment_provider = factory.LazyAttribute(lambda o: None if o.unit is not None else "venue")

    @factory.post_generation
    def trainers(batch, create, value, **kwargs):
        if value:
            batch.trainers.extend(value)
            if create:
                db.session.commit()


def valid_nik(serial: int, birth: date = date(1995, 8, 17), female: bool = False,
              place: str = "351404") -> str:
    """A NIK python-stdnum accepts: Kab. Pasuruan, Kec. Lumbang unless told otherwise."""
    day = birth.day + (40 if female else 0)
    return f"{place}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial % 10000:04d}"


class ParticipantFactory(BaseFactory):
    class Meta:
        model = Participant

    full_name = factory.Sequence(lambda n: f"Peserta Contoh {n}")
    name_key = factory.LazyAttribute(lambda o: o.full_name.lower())
    gender = "M"
    birth_date = date(1995, 8, 17)
    nik = factory.LazyAttributeSequence(
        lambda o, n: valid_nik(n + 1, o.birth_date, female=o.gender == "F"))
    regency = factory.SubFactory(RegencyFactory)
    education = "senior"
    employment = "job_seeker"


class EnrolmentFactory(BaseFactory):
    class Meta:
        model = Enrolment

    participant = factory.SubFactory(ParticipantFactory)
    batch = factory.SubFactory(BatchFactory)
    status = "accepted"


def nik_regions() -> Region:
    """Jawa Timur and Kab. Pasuruan (35, 35.14), which the tests' NIKs (3514…) start with: a
    NIK whose province or regency is not in the regions table is not valid."""
    regency = db.session.scalar(select(Region).where(Region.code == "35.14"))
    if regency is None:
        province = db.session.scalar(select(Region).where(Region.code == "35")) \
            or ProvinceFactory(code="35", name="Jawa Timur")
        regency = RegencyFactory(code="35.14", name="Kab. Pasuruan", parent=province)
    return regency


def person_form(**overrides) -> dict:
    """The participant form as staff fill it in: Siti Aminah, NIK 3514 0457 0895 0001 (a
    Kab. Pasuruan NIK: call nik_regions() first)."""
    return {"nik": "3514 0457 0895 0001", "full_name": "Siti Aminah", "gender": "F",
            "birth_date": "1995-08-17", "address": "Dusun Krajan RT 1", "village": "",
            "phone": "0812 3456 7890", "education": "senior", "employment": "job_seeker",
            "disability": "", **overrides}


class CertificateFactory(BaseFactory):
    """A certificate issued by the office for a passed enrolment of a finished batch."""

    class Meta:
        model = Certificate

    enrolment = factory.SubFactory(
        EnrolmentFactory, status="passed",
        batch=factory.SubFactory(BatchFactory, status="done", start_date=date(2026, 3, 1)))
    number = factory.Sequence(lambda n: f"{n + 1:03d}/MTU-35.14/III/2026")
    code = factory.Sequence(lambda n: f"kode{n:028d}")
    issuer_kind = "office"
    issuer_name = "Dinas Tenaga Kerja Kab. Contoh"
    signatory_name = "Kepala Dinas"
    signatory_title = "Kepala Dinas Tenaga Kerja"
    issued_on = date(2026, 4, 1)


class PrisonFactory(AgencyFactory):
    name = factory.Sequence(lambda n: f"Lapas Contoh {n}")
    kind = "prison"


class ProgrammeFactory(BaseFactory):
    """A prison partnership programme of a district office, in coordination."""

    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Pelatihan Warga Binaan {n}")
    regency = factory.SubFactory(RegencyFactory)
    prison = factory.SubFactory(PrisonFactory)
    legal_basis = "Instruksi Bupati"
    status = "coordination"


class PartnerFactory(BaseFactory):
    class Meta:
        model = Partner

    programme = factory.SubFactory(ProgrammeFactory)
    agency = factory.SubFactory(AgencyFactory)
    role = "training"


class MeetingFactory(BaseFactory):
    class Meta:
        model = Meeting

    programme = factory.SubFactory(ProgrammeFactory)
    held_on = date(2026, 8, 28)
    place = "Ruang Kepala Disnaker"
    chair = "Kepala Bidang Lattas"


class ActionItemFactory(BaseFactory):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    agency = factory.SubFactory(AgencyFactory)
    description = factory.Sequence(lambda n: f"Tindak lanjut {n}")
    due_on = date(2026, 9, 15)
    status = "open"
