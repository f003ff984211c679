"""Demo partner companies: CV Bhara Utama of the Probolinggo report, which absorbs graduates,
with its agreement, a vacancy, an interest, placements and a job fair where it recruited.

Everything goes through the services the pages use, acting as the demo staff or company
account, so the demo obeys the same rules (consent, graduates only, the fair's companies)."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.certificates.models import Certificate
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.companies.services import AgreementData, add_agreement
from mtu.courses.models import Course
from mtu.csr.models import Contribution, Kind
from mtu.extensions import db
from mtu.job_fairs.models import JobFair, Outcome
from mtu.job_fairs.services import register, set_outcome
from mtu.participants.models import Participant
from mtu.placements.models import PlacementStatus
from mtu.placements.services import PlacementData, VacancyData, record_placement, save_vacancy
from mtu.portal.services import mark_interest, shown_graduates
from mtu.regions.services import find_by_code

COMPANY = "CV Bhara Utama"
STAFF_EMAIL = "staf@demo.example"
COMPANY_EMAIL = "mitra@demo.example"

# The Banyuasin report's fair had 148 visitors; the demo holds it where the demo's graduates are.
FAIR_REGENCY = "35.14"
FAIR_PLACE = "Aula UPT LKD Disnaker Kab. Pasuruan"
FAIR_VISITORS = 148
FAIR_DAYS_AGO = 115
# The placement from the fair started after it: its 3-month follow-up is due by now.
HIRED_DAYS_AGO = 100
BUSINESS_DAYS_AGO = 40


@dataclass
class _Accounts:
    staff: User
    company_user: User
    company: Company


def _accounts() -> _Accounts | None:
    staff = db.session.scalar(select(User).where(User.email == STAFF_EMAIL))
    company_user = db.session.scalar(select(User).where(User.email == COMPANY_EMAIL))
    if staff is None or company_user is None or company_user.company is None:
        return None
    return _Accounts(staff, company_user, company_user.company)


def _certified(course_name: str, *, contact: bool | None = None) -> list[Certificate]:
    """Certificates the portal shows of the demo's finished batch of a course, by name."""
    statement = (shown_graduates().where(Course.name == course_name)
                 .order_by(Participant.full_name, Certificate.id))
    if contact is not None:
        statement = statement.where(Participant.contact_consent_at.is_not(None) if contact
                                    else Participant.contact_consent_at.is_(None))
    return list(db.session.scalars(statement))


def seed_job_fair() -> int:
    """The district's job fair with CV Bhara Utama: one graduate hired there, one waiting for
    an answer. Once (by place); the number of fairs created."""
    accounts = _accounts()
    regency = find_by_code(FAIR_REGENCY)
    if accounts is None or db.session.scalar(select(JobFair.id).where(
            JobFair.place == FAIR_PLACE, JobFair.regency_id == regency.id)) is not None:
        return 0
    batik, sewing = _certified("Membatik"), _certified("Menjahit Pakaian")
    if not batik or not sewing:
        return 0
    fair = JobFair(regency=regency, held_on=local_today() - timedelta(days=FAIR_DAYS_AGO),
                   place=FAIR_PLACE, visitors=FAIR_VISITORS, companies=[accounts.company],
                   notes="Bursa kerja Disnaker bersama perusahaan mitra dan APINDO.",
                   created_by=accounts.staff)
    db.session.add(fair)
    db.session.flush()
    hired = register(fair, batik[0].enrolment.participant_id, accounts.company.id,
                     accounts.staff)
    set_outcome(hired, Outcome.ACCEPTED.value, accounts.staff)
    register(fair, sewing[-1].enrolment.participant_id, accounts.company.id, accounts.staff)
    record_placement(batik[0].enrolment, PlacementData(
        status=PlacementStatus.WORKING.value,
        start_date=local_today() - timedelta(days=HIRED_DAYS_AGO),
        company_id=accounts.company.id, position="Operator canting dan cap",
        job_fair_id=fair.id), accounts.staff)
    return 1


def seed_partners() -> int:
    """CV Bhara Utama's partnership: contacts, agreement, a vacancy it posted, its interest in
    a graduate, a graduate's own business, and a CSR contribution to the Maron Kulon batch it
    funds. Once (while the company has no agreement); the number of records created."""
    accounts = _accounts()
    if accounts is None or accounts.company.agreements:
        return 0
    company, staff, today = accounts.company, accounts.staff, local_today()
    company.address = "Jl. Raya Maron No. 17, Desa Maron Kulon"
    company.village = find_by_code("35.13.17.2007")
    company.email = "hrd@bharautama.example"
    company.contact_name, company.contact_phone = "Bu Ninik (HRD)", "081234500118"
    add_agreement(company, AgreementData(
        number="560/118/426.104/2026", start_date=today - timedelta(days=240),
        end_date=today + timedelta(days=490),
        scope="Pelatihan menjahit di desa sekitar pabrik (instruktur dari perusahaan), "
              "penyerapan lulusan, dan bursa kerja bersama."), staff)
    created = 1
    sewing = db.session.scalar(select(Course).where(Course.name == "Menjahit Pakaian"))
    save_vacancy(VacancyData(
        position="Operator jahit", openings=4, closing_date=today + timedelta(days=30),
        course_id=sewing.id if sewing else None,
        description="Kontrak 1 tahun, dapat diperpanjang. Lulusan MTU menjahit diutamakan; "
                    "mes karyawan tersedia."), accounts.company_user)
    created += 1
    food = _certified("Pengolahan Makanan dan Minuman", contact=True)
    if food:
        mark_interest(company, food[0], "Untuk bagian pengemasan kue; mohon dihubungkan.",
                      accounts.company_user)
        created += 1
    if len(food) > 1:
        record_placement(food[-1].enrolment, PlacementData(
            status=PlacementStatus.SELF_EMPLOYED.value,
            start_date=today - timedelta(days=BUSINESS_DAYS_AGO),
            business_name="Kue Kering Pekoren", business_field="Makanan ringan",
            business_place="Desa Pekoren, Kec. Rembang"), staff)
        created += 1
    funded = db.session.scalar(select(Batch).where(
        Batch.csr_company_id == company.id, Batch.status != BatchStatus.CANCELLED.value)
        .order_by(Batch.start_date))
    if funded is not None:
        db.session.add(Contribution(
            company=company, regency_id=funded.regency_id, batch=funded, kind=Kind.MONEY.value,
            amount=45_000_000, description="Bahan praktik dan uang saku peserta",
            given_on=today - timedelta(days=14), created_by_id=staff.id))
        created += 1
    db.session.flush()
    return created

