"""Demo scheduling: course details, equipment, two LPKs and their trainers, two MTU units, and
batches around the day of seeding (finished, running now, planned)."""

from datetime import timedelta

from sqlalchemy import select

from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus, EquipmentProvider, Funding
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.courses.models import CompetencyUnit, Course, Equipment
from mtu.extensions import db
from mtu.fleet.models import Unit, UnitStatus
from mtu.proposals.models import Proposal, VenueType
from mtu.regions.services import find_by_code
from mtu.trainers.models import EmployerType, Institute, Trainer

# course: (hours, equipment, [(code, title)])  — illustrative unit codes in the SKKNI style
COURSE_DETAILS = {
    "Menjahit Pakaian": (240, ["Mesin jahit", "Mesin obras"], [
        ("JHT.01", "Mengukur badan dan membuat pola dasar"),
        ("JHT.02", "Memotong bahan sesuai pola"),
        ("JHT.03", "Menjahit pakaian dengan mesin"),
        ("JHT.04", "Menyelesaikan dan mengemas pakaian")]),
    "Membatik": (200, ["Kompor batik", "Canting dan gawangan"], [
        ("BTK.01", "Membuat desain motif batik"),
        ("BTK.02", "Mencanting dan menembok"),
        ("BTK.03", "Mewarnai dan melorod kain")]),
    "Pembuatan Roti dan Kue": (200, ["Oven", "Mixer"], [
        ("RTI.01", "Menerapkan keamanan pangan"),
        ("RTI.02", "Membuat adonan roti"),
        ("RTI.03", "Memanggang dan menghias kue")]),
    "Pengolahan Makanan dan Minuman": (200, ["Kompor gas", "Peralatan masak"], [
        ("OLH.01", "Menerapkan keamanan pangan"),
        ("OLH.02", "Mengolah hasil pertanian menjadi produk makanan"),
        ("OLH.03", "Mengemas dan memberi label produk")]),
    "Tata Boga": (240, ["Kompor gas", "Peralatan masak"], [
        ("BOG.01", "Menyiapkan bahan makanan"),
        ("BOG.02", "Mengolah hidangan nusantara")]),
    "Pengelasan (Las)": (280, ["Mesin las", "Gerinda"], [
        ("LAS.01", "Menerapkan K3 pengelasan"),
        ("LAS.02", "Mengelas pelat posisi bawah tangan (SMAW)")]),
    "Instalasi Listrik": (240, ["Panel latih listrik"], [
        ("LST.01", "Memasang instalasi penerangan rumah"),
        ("LST.02", "Memeriksa dan menguji instalasi")]),
    "Servis AC": (240, ["Pompa vakum", "Manifold gauge"], [
        ("ACR.01", "Memasang AC split"), ("ACR.02", "Merawat dan mengisi refrigeran")]),
    "Sulam": (160, ["Pemidangan", "Mesin jahit"], [
        ("SLM.01", "Menyulam tangan"), ("SLM.02", "Menyulam dengan mesin")]),
}

INSTITUTES = [
    ("LPK Ganesha Kepanjen", "35.07", "Jl. Raya Kepanjen, Kab. Malang", "0341-395000"),
    ("LPK Mitra Terampil Pasuruan", "35.14", "Jl. Raya Rejoso, Kab. Pasuruan", "0343-420000"),
]
# name, employer, institute, regency, phone, courses, account email
TRAINERS = [
    ("Alex Putra Utama", EmployerType.INSTITUTE, "LPK Mitra Terampil Pasuruan", "35.14",
     "081330001001", ["Menjahit Pakaian", "Sulam"], "pelatih@demo.example"),
    ("Sri Wahyuni", EmployerType.INSTITUTE, "LPK Mitra Terampil Pasuruan", "35.14",
     "081330001002", ["Membatik", "Menjahit Pakaian"], None),
    ("Bambang Hartono", EmployerType.CIVIL_SERVANT, None, "35.14", "081330001003",
     ["Pengelasan (Las)", "Instalasi Listrik", "Servis AC"], None),
    ("Rina Marlina", EmployerType.CONTRACT, None, "35.14", "081330001004",
     ["Pembuatan Roti dan Kue", "Pengolahan Makanan dan Minuman", "Tata Boga"], None),
    ("Endang Susilowati", EmployerType.INSTITUTE, "LPK Ganesha Kepanjen", "35.07",
     "081330001005", ["Sulam", "Menjahit Pakaian"], None),
    ("Lilis Suryani", EmployerType.COMPANY, "CV Bhara Utama", "35.13", "081330001006",
     ["Menjahit Pakaian"], None),
]
# code, name, plate, home base, equipment
UNITS = [
    ("MTU-01", "MTU Garmen dan Kriya", "N 8101 XA", "UPT LKD Disnaker Kab. Pasuruan",
     ["Mesin jahit", "Mesin obras", "Kompor batik", "Canting dan gawangan", "Pemidangan"]),
    ("MTU-02", "MTU Boga dan Teknik", "N 8102 XA", "BLK Rejoso",
     ["Oven", "Mixer", "Kompor gas", "Peralatan masak", "Mesin las", "Gerinda",
      "Panel latih listrik"]),
]
# course, venue type, venue name, village code, start (days from today), status, unit,
# trainers, funding, proposal served (village code) — dates relative to the seeding day
BATCHES = [
    ("Menjahit Pakaian", VenueType.VILLAGE_HALL, "Balai Desa Bulukandang", "35.14.04.2006",
     -240, BatchStatus.DONE, "MTU-01", ["Alex Putra Utama"], Funding.APBD, "35.14.04.2006"),
    ("Membatik", VenueType.VILLAGE_HALL, "Balai Desa Kedung Pengaron", "35.14.06.2002",
     -200, BatchStatus.DONE, "MTU-01", ["Sri Wahyuni"], Funding.APBD, "35.14.06.2002"),
    ("Pengolahan Makanan dan Minuman", VenueType.VILLAGE_HALL, "Balai Desa Pekoren",
     "35.14.15.2014", -120, BatchStatus.DONE, "MTU-02", ["Rina Marlina"], Funding.APBN, None),
    ("Menjahit Pakaian", VenueType.VILLAGE_HALL, "Balai Desa Dhompo", "35.14.16.2011",
     -10, BatchStatus.RUNNING, "MTU-01", ["Alex Putra Utama"], Funding.APBD, "35.14.16.2011"),
    ("Instalasi Listrik", VenueType.SUBDISTRICT_OFFICE, "Kantor Kecamatan Kraton", None,
     20, BatchStatus.REGISTRATION, "MTU-02", ["Bambang Hartono"], Funding.APBN, None),
    ("Pembuatan Roti dan Kue", VenueType.TRAINING_CENTRE, "UPT LKD Disnaker Kab. Pasuruan",
     None, 35, BatchStatus.PLANNED, None, ["Rina Marlina"], Funding.APBD, None),
]


# Training without an MTU unit, from the reports: someone else brings the equipment.
# course, regency, venue type, venue name, village code, start (days from today), status,
# trainers, who brings the equipment, funding, CSR company
BATCHES_WITHOUT_UNIT = [
    # Malang: embroidery inside the women's prison, by LPK Ganesha Kepanjen with its materials.
    ("Sulam", "35.07", VenueType.PRISON, "Lapas Perempuan Kelas IIA Malang", None, 14,
     BatchStatus.REGISTRATION, ["Endang Susilowati"], EquipmentProvider.INSTITUTE,
     Funding.APBD, None),
    # Probolinggo: sewing at the village hall with CV Bhara Utama, its instructor and machines.
    ("Menjahit Pakaian", "35.13", VenueType.VILLAGE_HALL, "Balai Desa Maron Kulon",
     "35.13.17.2007", 45, BatchStatus.PLANNED, ["Lilis Suryani"], EquipmentProvider.COMPANY,
     Funding.CSR, "CV Bhara Utama"),
]


def _equipment(names, cache):
    for name in names:
        if name not in cache:
            cache[name] = Equipment(name=name)
            db.session.add(cache[name])
    return [cache[name] for name in names]


def seed_reference_data() -> None:
    """Course details, institutes, trainers and units: created once, by name or code."""
    equipment = {item.name: item for item in db.session.scalars(select(Equipment))}
    courses = {course.name: course for course in db.session.scalars(select(Course))}
    for name, (hours, needed, units) in COURSE_DETAILS.items():
        course = courses[name]
        if course.units:
            continue
        course.hours = hours
        course.equipment = _equipment(needed, equipment)
        course.units = [CompetencyUnit(code=code, title=title, position=position)
                        for position, (code, title) in enumerate(units, 1)]
    institutes = {i.name: i for i in db.session.scalars(select(Institute))}
    for name, regency, address, phone in INSTITUTES:
        if name not in institutes:
            institutes[name] = Institute(name=name, regency=find_by_code(regency),
                                         address=address, phone=phone)
            db.session.add(institutes[name])
    known_trainers = set(db.session.scalars(select(Trainer.name)))
    for name, employer, institute, regency, phone, teaches, email in TRAINERS:
        if name in known_trainers:
            continue
        account = db.session.scalar(select(User).where(User.email == email)) if email else None
        company = db.session.scalar(select(Company).where(Company.name == institute)) \
            if employer is EmployerType.COMPANY else None
        db.session.add(Trainer(
            name=name, employer_type=employer.value, phone=phone,
            institute=institutes.get(institute), company=company, regency=find_by_code(regency),
            courses=[courses[course] for course in teaches], user=account))
    known_units = set(db.session.scalars(select(Unit.code)))
    for code, name, plate, home, carried in UNITS:
        if code not in known_units:
            db.session.add(Unit(code=code, name=name, plate=plate, home_base=home,
                                regency=find_by_code("35.14"), status=UnitStatus.READY.value,
                                equipment=_equipment(carried, equipment)))
    db.session.flush()


def seed_batches() -> int:
    """The demo's batches, once: a database that has any batch is left alone."""
    if db.session.scalar(select(Batch.id).limit(1)) is not None:
        return 0
    today = local_today()
    courses = {course.name: course for course in db.session.scalars(select(Course))}
    trainers = {trainer.name: trainer for trainer in db.session.scalars(select(Trainer))}
    units = {unit.code: unit for unit in db.session.scalars(select(Unit))}
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    regency = find_by_code("35.14")
    waves: dict[int, int] = {}
    for (course, venue, venue_name, village, offset, status, unit, teachers, funding,
         serves) in sorted(BATCHES, key=lambda row: row[4]):
        start = today + timedelta(days=offset)
        waves[start.year] = waves.get(start.year, 0) + 1
        course_row = courses[course]
        batch = Batch(
            course=course_row, year=start.year, wave=waves[start.year],
            regency=regency, venue_type=venue.value, venue_name=venue_name,
            village=find_by_code(village) if village else None, start_date=start,
            end_date=start + timedelta(days=course_row.duration_days - 1),
            quota=course_row.package_size, unit=units.get(unit),
            equipment_provider=None if unit else EquipmentProvider.TRAINING_CENTRE.value,
            trainers=[trainers[name] for name in teachers], funding=funding.value,
            status=status.value, created_by=staff)
        db.session.add(batch)
        if serves:
            proposal = db.session.scalar(select(Proposal).where(
                Proposal.village_id == find_by_code(serves).id,
                Proposal.course_id == course_row.id))
            if proposal is not None:
                proposal.batch = batch
    db.session.flush()
    return len(BATCHES)


def seed_batches_without_unit() -> int:
    """The batches that go without a unit, each once (by course and venue), also into a
    database seeded by an earlier version of the demo."""
    today = local_today()
    courses = {course.name: course for course in db.session.scalars(select(Course))}
    trainers = {trainer.name: trainer for trainer in db.session.scalars(select(Trainer))}
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    created = 0
    for (course, regency_code, venue, venue_name, village, offset, status, teachers, provider,
         funding, csr) in BATCHES_WITHOUT_UNIT:
        course_row = courses[course]
        if db.session.scalar(select(Batch.id).where(Batch.course_id == course_row.id,
                                                    Batch.venue_name == venue_name)):
            continue
        start = today + timedelta(days=offset)
        regency = find_by_code(regency_code)
        wave = (db.session.scalar(select(db.func.max(Batch.wave)).where(
            Batch.regency_id == regency.id, Batch.year == start.year)) or 0) + 1
        db.session.add(Batch(
            course=course_row, year=start.year, wave=wave, regency=regency,
            venue_type=venue.value, venue_name=venue_name,
            village=find_by_code(village) if village else None, start_date=start,
            end_date=start + timedelta(days=course_row.duration_days - 1),
            quota=course_row.package_size, unit=None, equipment_provider=provider.value,
            trainers=[trainers[name] for name in teachers], funding=funding.value,
            csr_company=db.session.scalar(select(Company).where(Company.name == csr))
            if csr else None, status=status.value, created_by=admin))
        db.session.flush()
        created += 1
    return created
