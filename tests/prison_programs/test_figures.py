"""A programme's figures follow its batches, marks, results and follow-ups; its PDF report
names the action items and no inmate."""

from datetime import date, timedelta
from io import BytesIO

from pypdf import PdfReader

from mtu.aftercare.models import Aftercare
from mtu.attendance.models import AttendanceMark, TrainingDay
from mtu.clock import local_today
from mtu.extensions import db as _db
from mtu.prison_programs.figures import programme_figures
from tests.factories import (
    ActionItemFactory,
    BatchFactory,
    CertificateFactory,
    EnrolmentFactory,
    MeetingFactory,
    ParticipantFactory,
)

START = date(2026, 3, 2)  # a Monday


def _inmate(batch, status="accepted", name=None):
    person = ParticipantFactory(employment="inmate", gender="F", regency=batch.regency,
                                expected_release_on=local_today() + timedelta(days=200),
                                **({"full_name": name} if name else {}))
    return EnrolmentFactory(participant=person, batch=batch, status=status)


def _batch(setting, **kwargs):
    return BatchFactory(regency=setting.programme.regency, programme=setting.programme,
                        venue_type="prison", venue_name="Lapas Perempuan", start_date=START,
                        status="done", **kwargs)


def _mark(enrolment, day, status):
    _db.session.add(AttendanceMark(enrolment_id=enrolment.id, batch_id=enrolment.batch_id,
                                   day=day, status=status))


def test_figures_follow_the_data(db, setting):
    assert programme_figures(setting.programme).participants == 0
    batch = _batch(setting)
    passed = [_inmate(batch, "passed") for _ in range(3)]
    failed = _inmate(batch, "failed")
    _inmate(batch, "withdrawn")
    _inmate(batch, "waitlisted")
    _inmate(BatchFactory(regency=batch.regency), "passed")  # not the programme's batch
    CertificateFactory(enrolment=passed[0])
    CertificateFactory(enrolment=passed[1], revoked_at=local_today())
    for day in (START, START + timedelta(days=1)):
        db.session.add(TrainingDay(batch_id=batch.id, day=day, hours=8))
        for enrolment in [*passed, failed]:
            _mark(enrolment, day, "present" if enrolment is not failed else "absent")
    db.session.add_all([
        Aftercare(participant_id=passed[0].participant_id, kind="business",
                  held_on=local_today() - timedelta(days=40),
                  next_on=local_today() - timedelta(days=5)),
        Aftercare(participant_id=passed[1].participant_id, kind="bpjs",
                  held_on=local_today() - timedelta(days=3))])
    db.session.commit()
    figures = programme_figures(setting.programme)
    assert (figures.batches, figures.participants, figures.withdrawn) == (1, 4, 1)
    assert (figures.competent, figures.not_yet, figures.certified) == (3, 1, 1)
    # 4 people over 2 days, the withdrawn one included until they left (no left_on: all
    # days): 6 present out of 10 expected.
    assert (figures.present_days, figures.expected_days) == (6, 10)
    assert figures.attendance_rate == 60.0
    assert (figures.followed, figures.follow_ups, figures.overdue) == (2, 2, 1)


def test_figures_take_the_same_queries_for_one_batch_or_three(db, setting, count_queries):
    batch = _batch(setting)
    _inmate(batch, "passed")
    one = count_queries(lambda: programme_figures(setting.programme))
    for wave in (2, 3):
        other = _batch(setting, wave=wave)
        for _ in range(4):
            _inmate(other, "passed")
    assert count_queries(lambda: programme_figures(setting.programme)) == one


def _text(response) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.data)).pages)


def test_the_report_is_a_pdf_with_the_action_items_and_no_names(client, db, setting):
    batch = _batch(setting)
    _inmate(batch, "passed", name="Siti Rahayu Binaan")
    old = MeetingFactory(programme=setting.programme, held_on=local_today() - timedelta(days=60))
    ActionItemFactory(meeting=old, agency=setting.partners[2], description="Daftarkan BPJS",
                      due_on=local_today() - timedelta(days=10))
    last = MeetingFactory(programme=setting.programme, held_on=local_today() - timedelta(days=2),
                          decisions="Pameran sulam di alun-alun")
    ActionItemFactory(meeting=last, agency=setting.partners[0], description="Fasilitasi pameran",
                      status="done", note="Terlaksana")
    for user in (setting.staff, setting.agency_user):
        client.post_form("/auth/logout")
        client.login(user)
        response = client.get(f"/programmes/{setting.programme.id}/report.pdf")
        assert response.status_code == 200
        assert response.mimetype == "application/pdf"
        assert response.headers["Cache-Control"] == "private, no-store"
        text = _text(response)
        for expected in ("Sulam Lapas Wanita", "Disperindag Kab. Contoh", "Pemasaran",
                         "Fasilitasi pameran", "Selesai", "Terlaksana",
                         "Pameran sulam di alun-alun", "Daftarkan BPJS", "terlambat"):
            assert expected in text, expected
        assert "Siti Rahayu" not in text


def test_the_programme_page_shows_figures_and_meetings(client, db, setting):
    batch = _batch(setting)
    _inmate(batch, "passed")
    meeting = MeetingFactory(programme=setting.programme, place="Aula Lapas Kebonsari")
    client.login(setting.agency_user)
    page = client.get(f"/programmes/{setting.programme.id}").get_data(as_text=True)
    assert "Capaian program" in page and "Kompeten" in page
    assert "Aula Lapas Kebonsari" in page and f"/programmes/meetings/{meeting.id}" in page
    assert "Catat rapat" not in page
