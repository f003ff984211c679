"""Candidates through HTTP: upload, filter, tick, save; access; enrolment in one step."""

import io
import re

import pytest
from sqlalchemy import select

from mtu.authz import Role
from mtu.participants.models import Enrolment, Participant
from mtu.proposals.models import ProposalCandidate, ResidentUpload
from tests.candidates.conftest import unduh_bytes, xlsx_bytes
from tests.factories import (
    BatchFactory,
    ParticipantFactory,
    ProposalFactory,
    RegencyFactory,
    user_with_role,
)


def _upload(client, proposal, data, name="Penduduk_2026-12-05.xls", token="up-1"):
    return client.post_form(f"/proposals/{proposal.id}/residents",
                            {"file": (io.BytesIO(data), name), "submission_token": token},
                            content_type="multipart/form-data")


def _tick(client, proposal, lines, token="tick-1", query=""):
    return client.post_form(f"/proposals/{proposal.id}/residents/save{query}",
                            {"line": [str(line) for line in lines], "submission_token": token})


def _candidates(db, proposal):
    return db.session.scalars(select(ProposalCandidate).where(
        ProposalCandidate.proposal_id == proposal.id).order_by(ProposalCandidate.nik)).all()


def test_operator_uploads_the_unduh_file_ticks_and_saves(client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    response = _upload(client, proposal, unduh_bytes())
    assert response.status_code == 302
    assert response.headers["Location"] == f"/proposals/{proposal.id}/residents"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "AHMAD RIZKI" in page and "3514********0001" in page
    assert "3514041708950001" not in page  # lists show masked NIKs
    assert "NIK ini dari kecamatan lain (kode 35.14.05), bukan Lumbang." in page
    assert "4 dari 4 penduduk" in page and "3 dapat diusulkan" in page
    response = _tick(client, proposal, [2, 3])
    assert response.status_code == 302
    saved = _candidates(db, proposal)
    assert [(c.full_name, c.gender, c.education, c.employment, c.dusun, c.rt, c.rw)
            for c in saved] == [
        ("AHMAD RIZKI", "M", "senior", "job_seeker", "KRAJAN", "001", "002"),
        ("SITI AMINAH", "F", "degree", "job_seeker", "SUMBER", "004", "003")]
    db.session.refresh(proposal)
    assert proposal.candidates == 2
    # The same post again (a double click) adds nothing; the candidates page lists them.
    _tick(client, proposal, [2, 3])
    assert len(_candidates(db, proposal)) == 2
    listing = client.get(f"/proposals/{proposal.id}/candidates").get_data(as_text=True)
    assert "SITI AMINAH" in listing and "3514********0002" in listing


def test_the_xlsx_export_works_the_same_way(client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    assert _upload(client, proposal, xlsx_bytes(), "penduduk.xlsx").status_code == 302
    _tick(client, proposal, [3])
    assert [c.nik for c in _candidates(db, proposal)] == ["3514041708950001"]


def test_a_resident_of_another_subdistrict_is_refused_and_nothing_is_saved(
        client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes())
    response = _tick(client, proposal, [2, 4])
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "BUDI SANTOSO: NIK ini dari kecamatan lain" in page
    assert _candidates(db, proposal) == []


@pytest.mark.parametrize("data, name, message", [
    (b"not a spreadsheet", "x.xls", "bukan ekspor data penduduk OpenSID"),
    (b"PK\x03\x04broken", "x.xlsx", "rusak"),
    (b"<table><tr><th>Nama</th></tr><tr><td>ANI</td></tr></table>", "x.xls",
     "Kolom NIK tidak ditemukan"),
])
def test_bad_files_are_refused_with_their_message_and_nothing_is_staged(
        client, login_as, db, proposal, data, name, message):
    login_as(Role.VILLAGE, village=proposal.village)
    response = _upload(client, proposal, data, name)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(ResidentUpload)).all() == []


def test_filters_answer_htmx_with_the_fragment_and_plain_get_with_the_page(
        client, login_as, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes())
    fragment = client.htmx_get(f"/proposals/{proposal.id}/residents?gender=F&age_max=20")
    text = fragment.get_data(as_text=True)
    assert "<html" not in text and "DEWI LESTARI" in text and "SITI AMINAH" not in text
    page = client.get(f"/proposals/{proposal.id}/residents?occupation=BELUM/TIDAK+BEKERJA"
                      "&dusun=KRAJAN&education=senior").get_data(as_text=True)
    assert "<html" in page and "AHMAD RIZKI" in page and "DEWI LESTARI" not in page


def test_people_already_recorded_are_flagged_and_another_offices_refused_without_proof(
        client, login_as, db, proposal):
    ParticipantFactory(nik="3514041708950001", full_name="Ahmad Rizki",
                       regency=proposal.regency)
    ParticipantFactory(nik="3514045203000002", full_name="Siti Nur", gender="F",
                       birth_date=proposal.submitted_at.date().replace(2000, 3, 12),
                       regency=RegencyFactory())
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes())
    page = client.get(f"/proposals/{proposal.id}/residents").get_data(as_text=True)
    assert "Sudah tercatat sebagai peserta" in page
    assert "NIK ini sudah tercatat oleh kantor Disnaker lain." in page
    assert "Siti Nur" not in page


def test_access_by_role_and_scope(client, db, proposal):
    other_village = ProposalFactory()
    outsider = user_with_role(Role.VILLAGE)
    client.login(outsider)
    assert client.get(f"/proposals/{proposal.id}/residents").status_code == 404
    assert client.get(f"/proposals/{proposal.id}/candidates").status_code == 404
    assert _upload(client, proposal, unduh_bytes()).status_code == 404
    assert client.get("/proposals/999999/residents").status_code == 404
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.STAFF, regency=proposal.regency))
    assert client.get(f"/proposals/{proposal.id}/residents").status_code == 200
    assert client.get(f"/proposals/{other_village.id}/residents").status_code == 404
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.TRAINER))
    assert client.get(f"/proposals/{proposal.id}/residents").status_code == 403
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.VILLAGE, village=proposal.village))
    assert client.post_form(f"/proposals/{proposal.id}/candidates/enrol").status_code == 403


def test_staff_enrol_the_candidates_in_one_step_with_quota_and_waiting_list(
        client, login_as, db, proposal):
    batch = BatchFactory(regency=proposal.regency, quota=1)
    proposal.batch = batch
    db.session.commit()
    login_as(Role.STAFF, regency=proposal.regency)
    _upload(client, proposal, unduh_bytes())
    _tick(client, proposal, [2, 3, 5])
    response = client.post_form(f"/proposals/{proposal.id}/candidates/enrol",
                                {"submission_token": "enrol-1"})
    assert response.status_code == 302
    statuses = sorted(e.status for e in db.session.scalars(
        select(Enrolment).where(Enrolment.batch_id == batch.id)))
    assert statuses == ["accepted", "waitlisted", "waitlisted"]
    assert len(db.session.scalars(select(Participant)).all()) == 3
    assert all(c.participant_id for c in _candidates(db, proposal))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "1 calon diterima di paket, 2 masuk daftar cadangan (3 orang baru dicatat)." in page
    again = client.post_form(f"/proposals/{proposal.id}/candidates/enrol",
                             {"submission_token": "enrol-2"})
    assert "Semua calon sudah didaftarkan ke paket." in client.get(
        again.headers["Location"]).get_data(as_text=True)
    assert len(db.session.scalars(select(Enrolment)).all()) == 3


def test_staged_residents_go_when_done_on_a_new_upload_and_after_three_days(
        client, login_as, db, proposal):
    from datetime import timedelta

    from mtu.candidates import services
    from mtu.clock import utc_now

    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes(), token="a")
    _upload(client, proposal, xlsx_bytes(), "p.xlsx", token="b")
    assert [u.filename for u in db.session.scalars(select(ResidentUpload))] == ["p.xlsx"]
    client.post_form(f"/proposals/{proposal.id}/residents/done")
    assert db.session.scalars(select(ResidentUpload)).all() == []
    _upload(client, proposal, unduh_bytes(), token="c")
    upload = db.session.scalars(select(ResidentUpload)).one()
    upload.created_at = utc_now() - timedelta(days=4)
    db.session.commit()
    assert services.purge() == 1


def test_the_daily_imports_purge_deletes_staged_residents_after_three_days(
        app, client, login_as, db, proposal):
    from datetime import timedelta

    from mtu.clock import utc_now

    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes(), token="a")
    upload = db.session.scalars(select(ResidentUpload)).one()
    upload.created_at = utc_now() - timedelta(days=2)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["imports", "purge"])
    assert result.exit_code == 0, result.output
    assert "0 data penduduk OpenSID" in result.output
    upload.created_at = utc_now() - timedelta(days=3, minutes=1)
    db.session.commit()
    result = app.test_cli_runner().invoke(args=["imports", "purge"])
    assert "1 data penduduk OpenSID" in result.output
    assert db.session.scalars(select(ResidentUpload)).all() == []


def _residents_xlsx(count: int) -> bytes:
    """`count` men of Kec. Lumbang born 17-08-1995, NIKs 351404170895 0001…"""
    rows = [["JL. MAWAR", "KRAJAN", "001", "001", f"WARGA {n}", "", f"351404170895{n:04d}",
             "LAKI-LAKI", "PASURUAN", "17-08-1995", "ISLAM", "SLTA / SEDERAJAT", "",
             "BELUM/TIDAK BEKERJA", "", "", "", ""] for n in range(1, count + 1)]
    return xlsx_bytes(rows)


def test_guessed_ids_of_another_village_or_district_are_404_on_every_page_and_post(
        client, db, proposal):
    """Another village of the same sub-district, another district's staff: 404 everywhere;
    roles without proposals: 403; a proposal that is not a village's: 404 for its staff."""
    from tests.factories import VillageFactory

    neighbour = VillageFactory(parent=proposal.village.parent)
    company_proposal = ProposalFactory(village=None, subdistrict=proposal.village.parent,
                                       regency=proposal.regency, proposer_kind="company")
    own_staff = user_with_role(Role.STAFF, regency=proposal.regency)
    db.session.commit()
    pid = proposal.id

    def answers():
        return [client.get(f"/proposals/{pid}/residents").status_code,
                client.get(f"/proposals/{pid}/candidates").status_code,
                _upload(client, proposal, unduh_bytes(), token="x").status_code,
                _tick(client, proposal, [2], token="y").status_code,
                client.post_form(f"/proposals/{pid}/residents/done").status_code,
                client.post_form(f"/proposals/{pid}/candidates/enrol",
                                 {"submission_token": "z"}).status_code]

    for user, expected in [
            (user_with_role(Role.VILLAGE, village=neighbour), [404] * 5 + [403]),
            (user_with_role(Role.STAFF, regency=RegencyFactory()), [404] * 6),
            (user_with_role(Role.COMPANY), [403] * 6),
            (user_with_role(Role.AGENCY), [403] * 6)]:
        client.login(user)
        assert answers() == expected, user.role
        client.post_form("/auth/logout")
    assert db.session.scalars(select(ResidentUpload)).all() == []
    client.login(own_staff)
    assert client.get(f"/proposals/{company_proposal.id}/residents").status_code == 404
    assert client.get(f"/proposals/{company_proposal.id}/candidates").status_code == 404
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.ADMIN))
    assert client.get(f"/proposals/{pid}/residents").status_code == 200


def test_posts_without_the_csrf_token_are_refused_and_change_nothing(
        client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    pid = proposal.id
    refused = client.post(f"/proposals/{pid}/residents", content_type="multipart/form-data",
                          data={"file": (io.BytesIO(unduh_bytes()), "p.xls"),
                                "submission_token": "a"})
    assert refused.status_code == 400
    assert db.session.scalars(select(ResidentUpload)).all() == []
    _upload(client, proposal, unduh_bytes())
    assert client.post(f"/proposals/{pid}/residents/save",
                       data={"line": ["2"], "submission_token": "b"}).status_code == 400
    assert client.post(f"/proposals/{pid}/residents/done").status_code == 400
    assert _candidates(db, proposal) == []
    assert len(db.session.scalars(select(ResidentUpload)).all()) == 1


def test_files_over_the_limits_are_refused_and_the_earlier_upload_stays(
        client, login_as, db, proposal, monkeypatch):
    from mtu.candidates import opensid

    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes(), token="first")
    big = _upload(client, proposal, b"<table>" + b" " * (2 * 1024 * 1024) + b"</table>",
                  token="big")
    assert big.status_code == 413 and "Berkas terlalu besar" in big.get_data(as_text=True)
    monkeypatch.setattr(opensid, "MAX_ROWS", 3)
    many = _upload(client, proposal, _residents_xlsx(4), "banyak.xlsx", token="many")
    assert many.status_code == 422
    assert "lebih dari 3 penduduk" in many.get_data(as_text=True)
    assert [u.filename for u in db.session.scalars(select(ResidentUpload))] == [
        "Penduduk_2026-12-05.xls"]
    assert _candidates(db, proposal) == []


def test_checking_and_saving_residents_does_not_query_per_row(
        client, login_as, db, proposal, count_queries):
    """Recorded people (this office's and another's) and other proposals' candidates are
    flagged with one query each, whatever the number of residents."""
    other = ProposalFactory(village=proposal.village)
    for n in (1, 2):
        ParticipantFactory(nik=f"351404170895{n:04d}", full_name=f"WARGA {n}",
                           regency=proposal.regency)
    ParticipantFactory(nik="3514041708950003", full_name="WARGA 3", regency=RegencyFactory(),
                       birth_date=proposal.submitted_at.date().replace(1995, 8, 17))
    db.session.add(ProposalCandidate(
        proposal=other, nik="3514041708950004", full_name="WARGA 4", gender="M",
        birth_date=proposal.submitted_at.date().replace(1995, 8, 17), education="senior",
        employment="job_seeker"))
    db.session.commit()
    login_as(Role.VILLAGE, village=proposal.village)
    url = f"/proposals/{proposal.id}/residents"

    def page(count):
        _upload(client, proposal, _residents_xlsx(count), "p.xlsx", token=f"u{count}")
        return count_queries(lambda: client.get(url))

    few, many = page(5), page(60)
    assert few == many
    text = client.get(url).get_data(as_text=True)
    assert "Tercatat oleh kantor Disnaker lain" in text and "Juga calon di usulan lain" in text
    assert "WARGA 55<" not in text and "WARGA 55<" in client.get(f"{url}?page=2").get_data(
        as_text=True)

    def save(lines, token):
        return count_queries(lambda: _tick(client, proposal, lines, token=token))

    assert save(range(6, 11), "s1") == save(range(11, 61), "s2")
    assert len(_candidates(db, proposal)) == 55


def test_the_candidates_list_answers_htmx_with_its_fragment(client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes())
    _tick(client, proposal, [2])
    fragment = client.htmx_get(f"/proposals/{proposal.id}/candidates").get_data(as_text=True)
    assert "<html" not in fragment and "AHMAD RIZKI" in fragment
    page = client.get(f"/proposals/{proposal.id}/candidates").get_data(as_text=True)
    assert "<html" in page and "AHMAD RIZKI" in page


def test_once_candidates_are_listed_the_proposal_form_shows_their_number_read_only(
        client, login_as, db, proposal):
    """A big upload may list more than the estimate's 500: the edit form keeps the list's
    number (whatever is posted) and still saves the other corrections."""
    from sqlalchemy import insert

    from mtu.clock import utc_now

    born = proposal.submitted_at.date().replace(1995, 8, 17)
    db.session.execute(insert(ProposalCandidate), [
        {"proposal_id": proposal.id, "nik": f"351404170895{n:04d}", "full_name": f"WARGA {n}",
         "gender": "M", "birth_date": born, "education": "senior", "employment": "job_seeker",
         "created_at": utc_now()} for n in range(1, 613)])
    proposal.candidates = 612
    db.session.commit()
    login_as(Role.VILLAGE, village=proposal.village)
    page = client.get(f"/proposals/{proposal.id}/edit").get_data(as_text=True)
    field = re.search(r'<input[^>]*name="candidates"[^>]*>', page).group(0)
    assert 'value="612"' in field and "readonly" in field and "max=" not in field
    assert "Dihitung dari daftar calon peserta (612 orang)" in page
    for typed, token in (("16", "e1"), ("banyak", "e2"), ("", "e3")):
        response = client.post_form(f"/proposals/{proposal.id}/edit", {
            "course_id": str(proposal.course_id), "vocation_text": "", "candidates": typed,
            "venue_type": "village_hall", "venue_name": "Balai Desa", "reason": "Perlu.",
            "contact_name": f"Bu Ani {token}", "contact_phone": "081234567890"})
        assert response.status_code == 302, response.get_data(as_text=True)
        db.session.refresh(proposal)
        assert (proposal.candidates, proposal.contact_name) == (612, f"Bu Ani {token}")


def test_thousands_of_ticks_in_one_post_are_saved_without_hitting_the_parameter_limit(
        client, login_as, db, proposal):
    """The page ticks 50 at a time, but a post may carry all 5 000 lines: PostgreSQL takes
    65 535 parameters in a statement, fewer than 18 columns × 5 000 (it answered 500)."""
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, _residents_xlsx(5000), "semua.xlsx")
    assert _tick(client, proposal, range(3, 5003)).status_code == 302
    db.session.refresh(proposal)
    assert proposal.candidates == 5000


def test_the_operator_removes_a_candidate_not_yet_enrolled(client, login_as, db, proposal):
    login_as(Role.VILLAGE, village=proposal.village)
    _upload(client, proposal, unduh_bytes())
    _tick(client, proposal, [2, 3])
    ahmad, siti = (c.id for c in _candidates(db, proposal))
    page = client.get(f"/proposals/{proposal.id}/candidates").get_data(as_text=True)
    assert f"/candidates/{ahmad}/remove" in page
    response = client.post_form(f"/proposals/{proposal.id}/candidates/{ahmad}/remove")
    assert response.status_code == 302
    assert "AHMAD RIZKI tidak lagi menjadi calon usulan ini." in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert [c.full_name for c in _candidates(db, proposal)] == ["SITI AMINAH"]
    db.session.refresh(proposal)
    assert proposal.candidates == 1
    # Ticked again from the staged residents, they come back.
    _tick(client, proposal, [2], token="again")
    assert len(_candidates(db, proposal)) == 2
    # Without the CSRF token nothing goes; a removed or guessed id is 404.
    assert client.post(f"/proposals/{proposal.id}/candidates/{siti}/remove").status_code \
        == 400
    assert client.post_form(
        f"/proposals/{proposal.id}/candidates/{ahmad}/remove").status_code == 404
    assert len(_candidates(db, proposal)) == 2


def test_enrolled_candidates_and_other_proposals_candidates_are_not_removed(
        client, db, proposal):
    other = ProposalFactory(village=proposal.village)
    stranger = ProposalCandidate(
        proposal=other, nik="3514041708950009", full_name="ORANG LAIN", gender="M",
        birth_date=proposal.submitted_at.date().replace(1995, 8, 17), education="senior",
        employment="job_seeker")
    db.session.add(stranger)
    proposal.batch = BatchFactory(regency=proposal.regency)
    db.session.commit()
    client.login(user_with_role(Role.STAFF, regency=proposal.regency))
    _upload(client, proposal, unduh_bytes())
    _tick(client, proposal, [2])
    client.post_form(f"/proposals/{proposal.id}/candidates/enrol", {"submission_token": "e"})
    enrolled, = _candidates(db, proposal)
    page = client.get(f"/proposals/{proposal.id}/candidates").get_data(as_text=True)
    assert "/remove" not in page
    response = client.post_form(f"/proposals/{proposal.id}/candidates/{enrolled.id}/remove")
    assert "sudah didaftarkan ke paket" in client.get(
        response.headers["Location"]).get_data(as_text=True)
    assert client.post_form(
        f"/proposals/{proposal.id}/candidates/{stranger.id}/remove").status_code == 404
    assert len(_candidates(db, proposal)) == 1 and len(_candidates(db, other)) == 1
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.STAFF, regency=RegencyFactory()))
    assert client.post_form(
        f"/proposals/{other.id}/candidates/{stranger.id}/remove").status_code == 404
    client.post_form("/auth/logout")
    client.login(user_with_role(Role.TRAINER))
    assert client.post_form(
        f"/proposals/{other.id}/candidates/{stranger.id}/remove").status_code == 403
    assert len(_candidates(db, other)) == 1
