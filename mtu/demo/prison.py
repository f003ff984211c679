"""Demo prison partnership programme, from the Malang report: Disnaker Kab. Malang leads,
Disperindag and Dinas Koperasi & UMKM take business development, sales and capital, BPJS
Ketenagakerjaan social security, and LPK Ganesha Kepanjen trains embroidery (sulam) inside the
women's prison. A first wave of inmates has finished; a second is taking registrations.

In three steps, so that the demo's attendance and certificates cover the finished wave:
seed_programme() before the participants, seed_inmates() after them, seed_coordination() last.
"""

from datetime import date, timedelta

from sqlalchemy import func, select

from mtu.aftercare.models import Kind, LifeStatus
from mtu.aftercare.services import FollowUpData
from mtu.aftercare.services import record as record_follow_up
from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus, EquipmentProvider, Funding, VenueType
from mtu.clock import local_today
from mtu.courses.models import Course
from mtu.demo.participants import demo_nik
from mtu.extensions import db
from mtu.participants.models import Employment, Enrolment, EnrolmentStatus, Participant
from mtu.participants.nik import name_key
from mtu.prison_programs.models import (
    ActionItem,
    ActionStatus,
    Agency,
    Meeting,
    Partner,
    PartnerRole,
    Programme,
    ProgrammeStatus,
)
from mtu.regions.services import find_by_code
from mtu.trainers.models import Institute, Trainer

NAME = "Pelatihan sulam warga binaan Lapas Perempuan Kelas IIA Malang"
REGENCY = "35.07"
LEAD = "Dinas Tenaga Kerja Kab. Malang"
PRISON = "Lapas Perempuan Kelas IIA Malang (Kebonsari)"
DISPERINDAG = "Dinas Perindustrian dan Perdagangan Kab. Malang"
KOPERASI = "Dinas Koperasi dan UMKM Kab. Malang"
BPJS = "BPJS Ketenagakerjaan Cabang Malang"
PARTNERS = [
    (LEAD, [PartnerRole.TRAINING]),
    (DISPERINDAG, [PartnerRole.BUSINESS, PartnerRole.MARKETING]),
    (KOPERASI, [PartnerRole.BUSINESS, PartnerRole.FUNDING]),
    (BPJS, [PartnerRole.SOCIAL_SECURITY]),
    (PRISON, [PartnerRole.TRAINING]),
]
INSTITUTE = "LPK Ganesha Kepanjen"
TRAINER = "Endang Susilowati"
VENUE = "Lapas Perempuan Kelas IIA Malang"
FIRST_WAVE_DAYS_AGO = 100
STAFF_EMAIL = "malang@demo.example"

# name, home village code (NIK of its sub-district), released (days ago) or expected release
# (days ahead): the first five left prison after the training.
INMATES = [
    ("Sri Wahyuningsih", "35.07.13.1010", -62), ("Nur Aini", "35.73.04.1003", -45),
    ("Kartini Rahayu", "35.07.13.1010", -33), ("Yuni Astuti", "35.73.04.1003", -20),
    ("Tri Handayani", "35.07.13.1010", -9), ("Dwi Lestari", "35.73.04.1003", 40),
    ("Siti Maemunah", "35.07.13.1010", 75), ("Rukmini", "35.73.04.1003", 120),
    ("Endah Puspitasari", "35.07.13.1010", 150), ("Sumiati", "35.73.04.1003", 200),
    ("Novi Andriani", "35.07.13.1010", 240), ("Lilik Suharti", "35.73.04.1003", 300),
    ("Wiwik Setyowati", "35.07.13.1010", 365), ("Ana Fitriyah", "35.73.04.1003", 400),
    ("Suprapti", "35.07.13.1010", 460), ("Mega Kusuma", "35.73.04.1003", 540),
]


def _agencies() -> dict[str, Agency]:
    names = [name for name, _ in PARTNERS]
    return {agency.name: agency for agency in db.session.scalars(
        select(Agency).where(Agency.name.in_(names)))}


def _programme() -> Programme | None:
    return db.session.scalar(select(Programme).where(Programme.name == NAME))


def _staff() -> User | None:
    return db.session.scalar(select(User).where(User.email == STAFF_EMAIL))


def seed_programme() -> int:
    """The programme with its partners, its finished first wave and the wave taking
    registrations (the demo's Sulam batch at the prison). Once, by name."""
    agencies = _agencies()
    course = db.session.scalar(select(Course).where(Course.name == "Sulam"))
    if _programme() is not None or len(agencies) < len(PARTNERS) or course is None:
        return 0
    regency, staff = find_by_code(REGENCY), _staff()
    programme = Programme(
        regency=regency, name=NAME, prison=agencies[PRISON], lead_agency=agencies[LEAD],
        institute=db.session.scalar(select(Institute).where(Institute.name == INSTITUTE)),
        legal_basis="Instruksi Plt. Bupati Malang kepada Kalapas Perempuan Kelas IIA Malang "
                    "(peringatan HUT ke-74 RI)",
        goal="Warga binaan mandiri secara ekonomi setelah bebas: keterampilan sulam, lalu "
             "pengembangan usaha, penjualan dan permodalan.",
        status=ProgrammeStatus.TRAINING.value, created_by_id=staff.id if staff else None,
        partners=[Partner(agency=agencies[name], role=role.value)
                  for name, roles in PARTNERS for role in roles])
    db.session.add(programme)
    start = local_today() - timedelta(days=FIRST_WAVE_DAYS_AGO)
    wave = (db.session.scalar(select(func.max(Batch.wave)).where(
        Batch.regency_id == regency.id, Batch.year == start.year)) or 0) + 1
    trainer = db.session.scalar(select(Trainer).where(Trainer.name == TRAINER))
    db.session.add(Batch(
        course=course, year=start.year, wave=wave, regency=regency,
        venue_type=VenueType.PRISON.value, venue_name=VENUE, start_date=start,
        end_date=start + timedelta(days=course.duration_days - 1), quota=course.package_size,
        equipment_provider=EquipmentProvider.INSTITUTE.value, funding=Funding.APBD.value,
        trainers=[trainer] if trainer else [], status=BatchStatus.DONE.value,
        programme=programme, created_by_id=staff.id if staff else None))
    for batch in db.session.scalars(select(Batch).where(
            Batch.course_id == course.id, Batch.regency_id == regency.id,
            Batch.venue_type == VenueType.PRISON.value, Batch.programme_id.is_(None))):
        batch.programme = programme
    db.session.flush()
    return 1


def seed_inmates() -> int:
    """Sixteen inmates in the programme's finished wave (none shown to companies: they never
    gave consent, and inmates are never shown anyway). Once: a wave with people is left."""
    programme = _programme()
    if programme is None:
        return 0
    batch = db.session.scalar(select(Batch).where(
        Batch.programme_id == programme.id, Batch.status == BatchStatus.DONE.value))
    if batch is None or db.session.scalar(
            select(Enrolment.id).where(Enrolment.batch_id == batch.id).limit(1)):
        return 0
    today, regency = local_today(), find_by_code(REGENCY)
    villages = {code: find_by_code(code) for _, code, _ in INMATES}
    for serial, (name, village, release) in enumerate(INMATES, start=9001):
        birth = date(1975 + serial % 25, 1 + serial % 12, 1 + (serial * 5) % 28)
        person = Participant(
            nik=demo_nik(villages[village].parent.code, birth, True, serial), full_name=name,
            name_key=name_key(name),
            gender="F", birth_date=birth, address="Alamat asal sesuai KTP",
            village=villages[village], regency=regency, phone="",
            education=["primary", "junior", "senior"][serial % 3],
            employment=Employment.INMATE.value,
            expected_release_on=today + timedelta(days=release),
            released_on=today + timedelta(days=release) if release < 0 else None)
        db.session.add(person)
        db.session.add(Enrolment(participant=person, batch=batch,
                                 status=EnrolmentStatus.ACCEPTED.value))
    db.session.flush()
    return len(INMATES)


def _meetings(programme: Programme, agencies: dict[str, Agency], user_id: int | None):
    today = local_today()
    every = sorted(agencies.values(), key=lambda agency: agency.name)
    first = Meeting(
        programme=programme, held_on=today - timedelta(days=200),
        place="Ruang Kepala Disnaker Kab. Malang",
        chair="M. Yekti Pracoyo (Kabid Pelatihan dan Produktivitas)", agencies=every,
        minutes="Rapat koordinasi perdana, tindak lanjut instruksi Plt. Bupati Malang kepada "
                "Kalapas. Tujuan: warga binaan mandiri secara ekonomi setelah bebas. Pelatihan "
                "sulam oleh pemateri LPK Ganesha Kepanjen; jumlah peserta ditentukan Lapas.",
        decisions="1. Pelatihan sulam gelombang 1 di dalam Lapas, pemateri LPK Ganesha "
                  "Kepanjen.\n2. Sesudah pelatihan: materi pengembangan usaha, penjualan dan "
                  "pendanaan oleh Disperindag dan Dinas Koperasi & UMKM.\n3. Peserta "
                  "didaftarkan BPJS Ketenagakerjaan.",
        created_by_id=user_id)
    first.action_items = [
        ActionItem(agency=agencies[PRISON], due_on=today - timedelta(days=180),
                   description="Menyusun daftar warga binaan calon peserta gelombang 1",
                   status=ActionStatus.DONE.value, note="16 orang."),
        ActionItem(agency=agencies[LEAD], due_on=today - timedelta(days=130),
                   description="Menyiapkan paket pelatihan sulam bersama LPK Ganesha Kepanjen",
                   status=ActionStatus.DONE.value),
        ActionItem(agency=agencies[BPJS], due_on=today - timedelta(days=90),
                   description="Mendaftarkan peserta sebagai peserta BPJS Ketenagakerjaan",
                   status=ActionStatus.DONE.value),
    ]
    second = Meeting(
        programme=programme, held_on=today - timedelta(days=55),
        place="Aula Lapas Perempuan Kelas IIA Malang", chair=first.chair, agencies=every,
        minutes="Evaluasi gelombang 1: 16 warga binaan selesai pelatihan; hasil sulam layak "
                "jual. Beberapa peserta sudah bebas dan perlu didampingi.",
        decisions="1. Gelombang 2 dibuka bulan depan.\n2. Produk sulam dipasarkan lewat gerai "
                  "dan pameran Disperindag.\n3. Peserta yang bebas didampingi membentuk "
                  "kelompok usaha.",
        created_by_id=user_id)
    second.action_items = [
        ActionItem(agency=agencies[DISPERINDAG], due_on=today - timedelta(days=7),
                   description="Memajang hasil sulam warga binaan di gerai UMKM Disperindag"),
        ActionItem(agency=agencies[DISPERINDAG], due_on=today + timedelta(days=25),
                   description="Menyertakan produk sulam dalam pameran Hari Jadi Kab. Malang"),
        ActionItem(agency=agencies[KOPERASI], due_on=today + timedelta(days=30),
                   description="Mendampingi pembentukan kelompok usaha sulam bagi yang sudah "
                               "bebas", status=ActionStatus.IN_PROGRESS.value),
        ActionItem(agency=agencies[PRISON], due_on=today - timedelta(days=20),
                   description="Menyerahkan data calon peserta gelombang 2",
                   status=ActionStatus.DONE.value),
    ]
    return [first, second]


def seed_coordination() -> int:
    """Two coordination meetings with their action items (one of Disperindag's overdue), and
    follow-ups of the first wave: BPJS, business and sales after training, life after release
    for those who left; one person's planned follow-up has passed. Once."""
    programme = _programme()
    if programme is None or programme.meetings:
        return 0
    agencies, staff, today = _agencies(), _staff(), local_today()
    if staff is None:
        return 0
    db.session.add_all(_meetings(programme, agencies, staff.id))
    db.session.flush()
    wave = db.session.scalar(select(Batch).where(Batch.programme_id == programme.id,
                                                 Batch.status == BatchStatus.DONE.value))
    people = db.session.scalars(select(Participant).join(Enrolment).where(
        Enrolment.batch_id == wave.id).order_by(Participant.id)).all() if wave else []
    if len(people) < len(INMATES):
        return 2
    trained = wave.end_date
    follow_ups = []
    for person in people[:8]:
        follow_ups.append((person, FollowUpData(
            kind=Kind.BPJS.value, held_on=trained + timedelta(days=5),
            agency_id=agencies[BPJS].id, note="Terdaftar sebagai peserta BPJS Ketenagakerjaan.")))
    for person, field in zip(people[:3], ("Sulam taplak dan kerudung", "Sulam pita",
                                          "Bordir tangan"), strict=True):
        follow_ups.append((person, FollowUpData(
            kind=Kind.BUSINESS.value, held_on=trained + timedelta(days=12),
            agency_id=agencies[KOPERASI].id,
            note=f"Pendampingan rencana usaha: {field.lower()}.")))
    follow_ups.append((people[5], FollowUpData(
        kind=Kind.SALES.value, held_on=trained + timedelta(days=20),
        agency_id=agencies[DISPERINDAG].id, note="Kurasi produk untuk gerai UMKM.",
        next_on=today - timedelta(days=6))))
    for person, status, contact in ((people[0], LifeStatus.BUSINESS, "Kakak: 0812-3300-1101"),
                                    (people[1], LifeStatus.EMPLOYED, "0813-3300-2202"),
                                    (people[2], LifeStatus.NOT_YET, "Ibu: 0852-3300-3303")):
        follow_ups.append((person, FollowUpData(
            kind=Kind.RELEASE.value, held_on=person.released_on + timedelta(days=8),
            agency_id=agencies[LEAD].id, status=status.value, contact=contact,
            note="Kunjungan rumah.")))
    for person, data in follow_ups:
        record_follow_up(person, data, staff)
    db.session.flush()
    return 2 + len(follow_ups)
