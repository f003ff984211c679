"""The demo: real places from the reports, their partners, and one account per role."""

from pathlib import Path

from sqlalchemy import select

from mtu.auth.models import User
from mtu.authz import Role
from mtu.companies.models import Company
from mtu.demo.attendance import seed_attendance
from mtu.demo.calendar import seed_days_off
from mtu.demo.certificates import seed_certificates
from mtu.demo.participants import seed_facilities, seed_participants
from mtu.demo.partners import seed_job_fair, seed_partners
from mtu.demo.prison import seed_coordination, seed_inmates, seed_programme
from mtu.demo.proposals import seed_courses, seed_proposals
from mtu.demo.scheduling import seed_batches, seed_batches_without_unit, seed_reference_data
from mtu.extensions import db
from mtu.prison_programs.models import Agency, AgencyKind
from mtu.regions.services import find_by_code, import_regions

DEMO_PASSWORD = "demo12345"
REGIONS_CSV = Path(__file__).with_name("regions.csv")

COMPANIES = [
    # name, regency code, address, phone, sector
    ("CV Bhara Utama", "35.13", "Maron, Kabupaten Probolinggo", "0335-000111", "manufacturing"),
    ("PT Cikarang Presisi Mandiri", "32.16", "Kawasan Industri, Cikarang Utara", "021-8900111",
     "manufacturing"),
]
AGENCIES = [
    ("Dinas Perindustrian dan Perdagangan Kab. Malang", "35.07", AgencyKind.GOVERNMENT),
    ("Dinas Koperasi dan UMKM Kab. Malang", "35.07", AgencyKind.GOVERNMENT),
    ("Dinas Tenaga Kerja Kab. Malang", "35.07", AgencyKind.GOVERNMENT),
    ("BPJS Ketenagakerjaan Cabang Malang", "35.73", AgencyKind.SOCIAL_SECURITY),
    ("Lapas Perempuan Kelas IIA Malang (Kebonsari)", "35.73", AgencyKind.PRISON),
]
# email, name, role, regency code, village code, company, agency
ACCOUNTS = [
    ("admin@demo.example", "Admin Disnaker", Role.ADMIN, None, None, None, None),
    ("staf@demo.example", "Muhammad Farid (UPT LKD)", Role.STAFF, "35.14", None, None, None),
    ("pelatih@demo.example", "Alex Putra Utama", Role.TRAINER, "35.14", None, None, None),
    ("desa@demo.example", "Operator Desa Bulukandang", Role.VILLAGE, "35.14",
     "35.14.04.2006", None, None),
    ("malang@demo.example", "M. Yekti Pracoyo (Disnaker Kab. Malang)", Role.STAFF, "35.07",
     None, None, None),
    ("mitra@demo.example", "HRD CV Bhara Utama", Role.COMPANY, "35.13", None,
     "CV Bhara Utama", None),
    ("dinas@demo.example", "Staf Disperindag Kab. Malang", Role.AGENCY, "35.07", None, None,
     "Dinas Perindustrian dan Perdagangan Kab. Malang"),
]


def database_has_users() -> bool:
    return db.session.scalar(select(User.id).limit(1)) is not None


def _get_or_create(model, name: str, **values):
    instance = db.session.scalar(select(model).where(model.name == name))
    if instance is None:
        instance = model(name=name, **values)
        db.session.add(instance)
    return instance


def seed_demo() -> dict[str, int]:
    """Create whatever of the demo is missing; leave what exists as it is."""
    report = import_regions(REGIONS_CSV.read_text(encoding="utf-8"))
    if not report.ok:
        raise RuntimeError("Demo regions are invalid: " + "; ".join(report.errors))
    for name, regency, address, phone, sector in COMPANIES:
        _get_or_create(Company, name, regency=find_by_code(regency), address=address, phone=phone,
                       sector=sector)
    for name, regency, kind in AGENCIES:
        agency = _get_or_create(Agency, name, regency=find_by_code(regency))
        agency.kind = kind.value
    db.session.flush()
    created_users = 0
    for email, name, role, regency, village, company, agency in ACCOUNTS:
        if db.session.scalar(select(User).where(User.email == email)) is not None:
            continue
        user = User(email=email, name=name, role=role.value,
                    regency=find_by_code(regency) if regency else None,
                    village=find_by_code(village) if village else None,
                    company=_get_or_create(Company, company) if company else None,
                    agency=_get_or_create(Agency, agency) if agency else None)
        user.set_password(DEMO_PASSWORD)
        db.session.add(user)
        created_users += 1
    db.session.flush()
    courses = seed_courses()
    proposals = seed_proposals()
    seed_reference_data()
    batches = seed_batches() + seed_batches_without_unit()
    days_off = seed_days_off()
    programmes = seed_programme()
    participants = seed_participants() + seed_inmates()
    handovers = seed_facilities()
    journals = seed_attendance()
    certificates = seed_certificates()
    fairs = seed_job_fair()
    partner_records = seed_partners()
    coordination = seed_coordination()
    return {"wilayah baru": report.created, "akun baru": created_users,
            "kejuruan baru": courses, "usulan baru": proposals, "paket baru": batches,
            "peserta baru": participants, "serah terima fasilitas": handovers,
            "jurnal harian": journals, "sertifikat": certificates,
            "bursa kerja": fairs, "catatan mitra": partner_records,
            "program lapas": programmes, "catatan koordinasi": coordination,
            "hari libur": days_off}
