"""Demo proposals in every state, submitted over the past year, so the queue shows real waits."""

from datetime import date, timedelta

from sqlalchemy import select

from mtu.auth.models import User
from mtu.clock import utc_now
from mtu.companies.models import Company
from mtu.courses.models import Course
from mtu.extensions import db
from mtu.prison_programs.models import Agency
from mtu.proposals.models import Proposal, ProposalEvent, ProposerKind, Status, VenueType
from mtu.regions.services import find_by_code

VOCATIONS = [
    # name, sector
    ("Membatik", "Kriya"),
    ("Menjahit Pakaian", "Garmen"),
    ("Pengolahan Makanan dan Minuman", "Pariwisata"),
    ("Pembuatan Roti dan Kue", "Pariwisata"),
    ("Pengelasan (Las)", "Manufaktur"),
    ("Servis AC", "Refrigerasi"),
    ("Pangkas Rambut", "Pariwisata"),
    ("Instalasi Listrik", "Listrik"),
    ("Tata Boga", "Pariwisata"),
    ("Tata Rias (MUA)", "Pariwisata"),
    ("Servis Sepeda Motor", "Otomotif"),
    ("Desain Grafis", "Teknologi Informasi"),
    ("Sulam", "Garmen"),
]

# (proposer kind, village/sub-district code or company/agency name, vocation (course or free
#  text), candidates, venue, days ago submitted, [(status, days ago, note)], contact)
PROPOSALS = [
    (ProposerKind.VILLAGE, "35.14.04.2006", "Membatik", 18, VenueType.VILLAGE_HALL, 12, [],
     "Siti Rohmah", "081234560001"),
    (ProposerKind.VILLAGE, "35.14.04.2006", "Pembuatan Roti dan Kue", 16,
     VenueType.VILLAGE_HALL, 150, [(Status.VERIFIED, 141, "Sesuai hasil Musrenbang desa.")],
     "Siti Rohmah", "081234560001"),
    (ProposerKind.VILLAGE, "35.14.04.2006", "Menjahit Pakaian", 20, VenueType.VILLAGE_HALL, 330,
     [(Status.VERIFIED, 320, ""), (Status.SCHEDULED, 270, "Gelombang 1."),
      (Status.DONE, 210, "")], "Siti Rohmah", "081234560001"),
    (ProposerKind.VILLAGE, "35.14.06.2002", "Membatik", 16, VenueType.VILLAGE_HALL, 300,
     [(Status.VERIFIED, 290, ""), (Status.SCHEDULED, 250, "Gelombang 2."),
      (Status.DONE, 170, "")], "Ahmad Fauzi", "081234560002"),
    (ProposerKind.VILLAGE, "35.14.07.2014", "Pengolahan Makanan dan Minuman", 24,
     VenueType.VILLAGE_HALL, 200, [(Status.VERIFIED, 185, "Peminat banyak dari ibu-ibu PKK.")],
     "Nur Hasanah", "081234560003"),
    (ProposerKind.VILLAGE, "35.14.07.2014", "Tata Rias (MUA)", 16, VenueType.NEIGHBOURHOOD_OFFICE,
     60, [(Status.VERIFIED, 52, "")], "Nur Hasanah", "081234560003"),
    (ProposerKind.VILLAGE, "35.14.16.2011", "Menjahit Pakaian", 16, VenueType.VILLAGE_HALL, 120,
     [(Status.VERIFIED, 110, ""), (Status.SCHEDULED, 40, "Menunggu unit MTU.")],
     "Yusuf Efendi", "081234560004"),
    (ProposerKind.VILLAGE, "35.14.15.2014", "Perbaikan Telepon Seluler", 12,
     VenueType.VILLAGE_HALL, 40, [], "Dewi Lestari", "081234560005"),
    (ProposerKind.VILLAGE, "35.14.15.2014", "Pembuatan Roti dan Kue", 16, VenueType.VILLAGE_HALL,
     90, [(Status.REJECTED, 80, "Desa sudah mendapat pelatihan yang sama tahun ini; "
                                "silakan diusulkan kembali tahun depan.")],
     "Dewi Lestari", "081234560005"),
    (ProposerKind.SUBDISTRICT, "35.14.23", "Servis Sepeda Motor", 32,
     VenueType.SUBDISTRICT_OFFICE, 240, [(Status.VERIFIED, 230, "Dua paket bila anggaran ada.")],
     "Camat Rejoso", "0343-410001"),
    (ProposerKind.COMPANY, "CV Bhara Utama", "Menjahit Pakaian", 16, VenueType.COMPANY, 100,
     [(Status.VERIFIED, 95, "Perusahaan siap menyerap lulusan.")], "Alex Putra Utama",
     "081234560006"),
    (ProposerKind.PRISON, "Lapas Perempuan Kelas IIA Malang (Kebonsari)", "Sulam", 30,
     VenueType.PRISON, 180, [(Status.VERIFIED, 170, "Bersama LPK Ganesha Kepanjen.")],
     "Kasi Giatja Lapas", "0341-800001"),
    (ProposerKind.VILLAGE, "35.13.17.2007", "Menjahit Pakaian", 16, VenueType.VILLAGE_HALL, 280,
     [(Status.VERIFIED, 270, ""), (Status.SCHEDULED, 230, ""), (Status.DONE, 200, "")],
     "Kepala Desa Maron Kulon", "081234560007"),
]


def seed_courses() -> int:
    existing = set(db.session.scalars(select(Course.name)))
    new = [Course(name=name, sector=sector) for name, sector in VOCATIONS if name not in existing]
    db.session.add_all(new)
    db.session.flush()
    return len(new)


def _proposer_columns(kind, key):
    if kind is ProposerKind.VILLAGE:
        village = find_by_code(key)
        return {"village": village, "subdistrict": village.parent,
                "regency": village.parent.parent}
    if kind is ProposerKind.SUBDISTRICT:
        subdistrict = find_by_code(key)
        return {"subdistrict": subdistrict, "regency": subdistrict.parent}
    if kind is ProposerKind.COMPANY:
        company = db.session.scalar(select(Company).where(Company.name == key))
        return {"company": company, "regency": company.regency}
    prison = db.session.scalar(select(Agency).where(Agency.name == key))
    return {"prison": prison, "regency": prison.regency}


def seed_proposals() -> int:
    """The demo's proposals, once: a database that has any proposal is left alone."""
    if db.session.scalar(select(Proposal.id).limit(1)) is not None:
        return 0
    courses = {course.name: course for course in db.session.scalars(select(Course))}
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    village_operator = db.session.scalar(select(User).where(User.email == "desa@demo.example"))
    admin = db.session.scalar(select(User).where(User.email == "admin@demo.example"))
    now = utc_now()
    for (kind, key, vocation, candidates, venue, days_ago, steps, contact,
         phone) in PROPOSALS:
        columns = _proposer_columns(kind, key)
        in_pasuruan = columns["regency"].code == "35.14"
        submitter = village_operator if key == "35.14.04.2006" else (staff if in_pasuruan
                                                                      else admin)
        decider = staff if in_pasuruan else admin
        submitted_at = now - timedelta(days=days_ago)
        start = (submitted_at + timedelta(days=60)).date().replace(day=1)
        proposal = Proposal(
            proposer_kind=kind.value, course=courses.get(vocation),
            vocation_text="" if vocation in courses else vocation, candidates=candidates,
            venue_type=venue.value, venue_name=_venue_name(venue, columns),
            preferred_from=start, preferred_until=_add_months(start, 2),
            reason="Banyak warga usia produktif belum bekerja dan berminat membuka usaha "
                   "sendiri di bidang ini.",
            musrenbang_ref=f"BA Musrenbang {submitted_at:%Y}" if kind is ProposerKind.VILLAGE
            else "", contact_name=contact, contact_phone=phone, submitted_at=submitted_at,
            submitted_by=submitter, status=Status.PROPOSED.value, **columns)
        db.session.add(proposal)
        db.session.add(ProposalEvent(proposal=proposal, to_status=Status.PROPOSED.value,
                                     user=submitter, created_at=submitted_at))
        previous = Status.PROPOSED
        for status, step_days_ago, note in steps:
            moment = now - timedelta(days=step_days_ago)
            db.session.add(ProposalEvent(proposal=proposal, from_status=previous.value,
                                         to_status=status.value, note=note, user=decider,
                                         created_at=moment))
            if status in (Status.VERIFIED, Status.REJECTED):
                proposal.decided_at = moment
            proposal.status, previous = status.value, status
    db.session.flush()
    return len(PROPOSALS)


def _venue_name(venue, columns) -> str:
    if venue is VenueType.VILLAGE_HALL and columns.get("village"):
        return f"Balai Desa {columns['village'].name}"
    if venue is VenueType.SUBDISTRICT_OFFICE:
        return f"Kantor Kecamatan {columns['subdistrict'].name}"
    return ""


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)
