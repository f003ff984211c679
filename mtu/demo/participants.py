"""Demo participants: valid NIKs of their own sub-district, enrolled in the demo batches."""

from datetime import date, timedelta

from sqlalchemy import select

from mtu.auth.models import User
from mtu.batches.models import Batch, BatchStatus
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.facilities.models import FacilityItem
from mtu.facilities.services import add_standard_items, set_handover
from mtu.participants import consent
from mtu.participants.models import Enrolment, EnrolmentStatus, Participant
from mtu.participants.nik import name_key
from mtu.regions.services import find_by_code

WOMEN = ["Siti", "Nur", "Dewi", "Sri", "Rina", "Lestari", "Wulan", "Indah", "Ayu", "Fitri",
         "Yuliani", "Rahmawati", "Anisa", "Maya", "Nurul", "Putri", "Eka", "Lilis", "Ratna",
         "Sulastri"]
MEN = ["Ahmad", "Budi", "Agus", "Joko", "Slamet", "Eko", "Rudi", "Hendra", "Yusuf", "Fajar",
       "Dimas", "Bayu", "Rizal", "Arif", "Hadi", "Imam", "Wahyu", "Andi", "Fauzi", "Taufik"]
FAMILY = ["Rahayu", "Santoso", "Wibowo", "Hidayat", "Susanti", "Pratama", "Setiawan",
          "Handayani", "Kurniawan", "Saputra", "Maulana", "Wahyuni", "Firmansyah", "Lestari",
          "Nugroho", "Utami", "Hakim", "Permana"]
# How many to enrol per batch status: (accepted, waitlisted, registered)
FILL = {BatchStatus.DONE: (16, 0, 0), BatchStatus.RUNNING: (16, 2, 0),
        BatchStatus.REGISTRATION: (16, 3, 0), BatchStatus.PLANNED: (0, 0, 6)}
WOMEN_COURSES = {"Menjahit Pakaian", "Membatik", "Pembuatan Roti dan Kue", "Sulam",
                 "Pengolahan Makanan dan Minuman", "Tata Boga", "Tata Rias (MUA)"}


def demo_nik(subdistrict_code: str, birth: date, female: bool, serial: int) -> str:
    place = subdistrict_code.replace(".", "")
    day = birth.day + (40 if female else 0)
    return f"{place}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def seed_participants() -> int:
    """People for every demo batch of Kab. Pasuruan, once."""
    if db.session.scalar(select(Participant.id).limit(1)) is not None:
        return 0
    regency = find_by_code("35.14")
    fallback_village = find_by_code("35.14.04.2006")
    batches = db.session.scalars(select(Batch).where(Batch.regency_id == regency.id)
                                 .order_by(Batch.start_date)).all()
    serial, created, people = 0, 0, []
    now = utc_now()
    for batch in batches:
        village = batch.village or fallback_village
        accepted, waitlisted, registered = FILL.get(BatchStatus(batch.status), (0, 0, 0))
        mostly_women = batch.course.name in WOMEN_COURSES
        for position in range(accepted + waitlisted + registered):
            serial += 1
            female = (position % 5 != 0) if mostly_women else (position % 5 == 0)
            first = (WOMEN if female else MEN)[serial % 20]
            name = f"{first} {FAMILY[(serial * 7) % len(FAMILY)]}"
            birth = date(1976 + serial % 30, 1 + serial % 12, 1 + (serial * 3) % 28)
            person = Participant(
                nik=demo_nik(village.parent.code, birth, female, serial), full_name=name,
                name_key=name_key(name), gender="F" if female else "M", birth_date=birth,
                address=f"Dusun Krajan RT {1 + serial % 6:02d}/RW {1 + serial % 3:02d}",
                village=village, regency=regency, phone=f"08123{400000 + serial:06d}",
                education=["primary", "junior", "senior", "senior", "diploma"][serial % 5],
                employment="job_seeker" if serial % 4 else "self_employed")
            if position < accepted:
                status, waiting_since = EnrolmentStatus.ACCEPTED, None
            elif position < accepted + waitlisted:
                status, waiting_since = EnrolmentStatus.WAITLISTED, now - timedelta(
                    hours=accepted + waitlisted - position)
            else:
                status, waiting_since = EnrolmentStatus.REGISTERED, None
            db.session.add(person)
            people.append((person, serial))
            db.session.add(Enrolment(participant=person, batch=batch, status=status.value,
                                     waitlisted_at=waiting_since))
            created += 1
    db.session.flush()
    # Two in three agreed to be shown to partner companies, half of those to be contacted.
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    for person, serial in people:
        consent.record_both(person, show=serial % 3 != 0, contact=serial % 2 == 0, user=staff)
    db.session.flush()
    return created


# Handed over on the first day; the rest (pocket money, transport) at the end.
FIRST_DAY_ITEMS = {"Seragam olahraga", "Sepatu", "Tas", "ATK", "Bahan praktik",
                   "Asuransi BPJS Ketenagakerjaan", "Modul"}


def seed_facilities() -> int:
    """The standard facilities of the finished and running demo batches, with hand-overs:
    everything in finished batches, the first-day items in the running one. Once."""
    if db.session.scalar(select(FacilityItem.id).limit(1)) is not None:
        return 0
    staff = db.session.scalar(select(User).where(User.email == "staf@demo.example"))
    handed = 0
    for batch in db.session.scalars(select(Batch).where(
            Batch.status.in_([BatchStatus.DONE, BatchStatus.RUNNING]))):
        items = add_standard_items(batch)
        accepted = db.session.scalars(select(Enrolment).where(
            Enrolment.batch_id == batch.id, Enrolment.status == EnrolmentStatus.ACCEPTED))
        for enrolment in accepted:
            for item in items:
                if batch.status == BatchStatus.DONE:
                    on = batch.start_date if item.name in FIRST_DAY_ITEMS else batch.end_date
                elif item.name in FIRST_DAY_ITEMS:
                    on = batch.start_date
                else:
                    continue
                set_handover(enrolment, item, True, staff, on=on)
                handed += 1
    db.session.flush()
    return handed
