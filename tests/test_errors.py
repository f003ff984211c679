"""An unexpected error: logged with an id the page shows, and never with a NIK in the log."""

import logging
import re

from mtu.authz import Role
from mtu.errors import NikMask, mask_niks

NIK = "3514044508900099"


def test_a_500_shows_the_id_its_log_record_carries_and_the_log_masks_the_nik(
        app, client, login_as, monkeypatch, caplog):
    login_as(Role.ADMIN)
    from mtu.home import services

    def broken():
        raise ValueError(f"cannot read {NIK} in ('{NIK}', 'x')")

    monkeypatch.setattr(services, "admin_summary", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    with caplog.at_level(logging.ERROR):
        response = client.get("/")
        fragment = client.get("/", headers={"HX-Request": "true"})
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    error_id = re.search(r"Kode kesalahan: ([0-9A-F]{8})", page).group(1)
    assert "Kode kesalahan: " in fragment.get_data(as_text=True)
    assert error_id in caplog.text and "GET /" in caplog.text
    assert "ValueError" in caplog.text  # the traceback is kept
    assert NIK not in caplog.text and "3514" + "*" * 12 in caplog.text
    assert NIK not in page


def test_the_mask_takes_every_16_digit_run_in_message_arguments_and_traceback():
    assert mask_niks(f"a{NIK}b {NIK}") == "a3514************b 3514************"
    assert mask_niks("12345678901234567") == "12345678901234567"  # 17 digits: not a NIK
    assert mask_niks("phone 081234567890") == "phone 081234567890"
    assert mask_niks("٣٥١٤٠٤٤٥٠٨٩٠٠٠٩٩") == "٣٥١٤" + "*" * 12  # Arabic-Indic digits too
    try:
        raise RuntimeError(f"[parameters: ('{NIK}',)]")
    except RuntimeError:
        record = logging.LogRecord("sqlalchemy", logging.ERROR, __file__, 1, "insert %s failed",
                                   (NIK,), exc_info=__import__("sys").exc_info())
    assert NikMask().filter(record)
    text = logging.Formatter().format(record)
    assert NIK not in text and "insert 3514" in text and "RuntimeError" in text


def test_the_mask_sits_on_the_app_logger_and_its_handlers(app):
    assert any(isinstance(f, NikMask) for f in app.logger.filters)
    for handler in app.logger.handlers:
        assert any(isinstance(f, NikMask) for f in handler.filters)
