"""Issuing certificates in the browser, then checking one on the public page."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import delete, select

from mtu.batches.models import Batch
from mtu.certificates.models import Certificate
from mtu.extensions import db
from mtu.participants.models import Enrolment
from tests.browser.conftest import PHONE, scroll_width, sign_in_as

pytestmark = pytest.mark.browser
EXPECTED_422 = "Failed to load resource: the server responded with a status of 422"


def _finished_batch_without_certificates() -> Batch:
    """A finished demo batch whose certificates are removed, so staff can issue them."""
    batch = db.session.scalar(select(Batch).where(Batch.status == "done")
                              .order_by(Batch.start_date))
    enrolment_ids = select(Enrolment.id).where(Enrolment.batch_id == batch.id)
    db.session.execute(delete(Certificate).where(Certificate.enrolment_id.in_(enrolment_ids)))
    db.session.commit()
    return batch


def test_staff_issue_certificates_and_the_public_can_verify_one(new_page, live_server, demo,
                                                                console_errors, artifacts):
    batch = _finished_batch_without_certificates()
    staff = new_page()
    sign_in_as(staff, live_server, "staf@demo.example")
    staff.goto(f"{live_server}/batches/{batch.id}")
    staff.get_by_role("link", name="Sertifikat", exact=True).click()
    expect(staff.get_by_role("heading", name="Pengesahan dan sertifikat")).to_be_visible()
    staff.get_by_label("Penerbit").select_option("office")
    staff.get_by_role("button", name="Terbitkan").click()
    expect(staff.locator("#messages")).to_contain_text("sertifikat terbit.")
    issued = db.session.scalars(select(Certificate).join(
        Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.batch_id == batch.id)).all()
    assert issued
    certificate = issued[0]
    expect(staff.get_by_text(certificate.number)).to_be_visible()

    public = new_page(PHONE)
    public.goto(f"{live_server}/verifikasi/{certificate.code}")
    expect(public.get_by_text("Sertifikat sah")).to_be_visible()
    body = public.content()
    person = certificate.enrolment.participant
    assert person.full_name in body and certificate.number in body
    assert person.nik not in body and person.address not in body
    assert scroll_width(public) <= 360
    public.screenshot(path=artifacts / "verification-360.png", full_page=True)

    public.goto(f"{live_server}/verifikasi/tidak-ada-kode-ini")
    expect(public.get_by_text("tidak ditemukan")).to_be_visible()
    assert [e for e in console_errors if "404" not in e and EXPECTED_422 not in e] == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_certificates_are_refused_mid_course_with_the_reason(page, live_server, demo,
                                                             console_errors, artifacts):
    """The batch running today: confirming and issuing are disabled with the reason, and a
    forced post is refused (409) saying why; nothing is issued."""
    batch = db.session.scalar(select(Batch).where(Batch.status == "running")
                              .order_by(Batch.start_date))
    sign_in_as(page, live_server, "staf@demo.example")
    page.goto(f"{live_server}/certificates/batches/{batch.id}")
    expect(page.get_by_role("heading", name="Pengesahan dan sertifikat")).to_be_visible()
    reason = page.locator("#issue-blocked")
    expect(reason).to_contain_text("sertifikat baru dapat diterbitkan setelah hari terakhir")
    expect(page.get_by_role("button", name="Terbitkan")).to_be_disabled()
    expect(page.get_by_role("button", name="Sahkan hasil")).to_be_disabled()
    expect(page.locator("#confirm-reason")).to_contain_text("mulai hari terakhir pelatihan")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "certificates-refused-mid-course-360.png", full_page=True)

    # A stale page or a crafted post: the server refuses on its own.
    page.evaluate("document.querySelectorAll('button[disabled]')"
                  ".forEach(b => b.removeAttribute('disabled'))")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.locator(".flash.error")).to_contain_text("setelah hari terakhir lewat")
    page.screenshot(path=artifacts / "certificates-refused-409-360.png", full_page=True)
    issued = db.session.scalar(select(Certificate.id).join(
        Enrolment, Enrolment.id == Certificate.enrolment_id)
        .where(Enrolment.batch_id == batch.id))
    assert issued is None
    assert [e for e in console_errors if "409" not in e] == []
