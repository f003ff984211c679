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
