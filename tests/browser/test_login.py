"""Signing in and out in a real browser, for every demo account, on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOGIN_URL, PHONE, open_login, scroll_width, sign_in

pytestmark = pytest.mark.browser

ACCOUNTS = [
    # email, name, role label (mtu.authz.ROLE_LABELS)
    ("admin@demo.example", "Admin Disnaker", "Administrator"),
    ("staf@demo.example", "Muhammad Farid (UPT LKD)", "Staf Disnaker"),
    ("pelatih@demo.example", "Alex Putra Utama", "Pelatih / instruktur"),
    ("desa@demo.example", "Operator Desa Bulukandang", "Operator desa"),
    ("mitra@demo.example", "HRD CV Bhara Utama", "Perusahaan mitra"),
    ("dinas@demo.example", "Staf Disperindag Kab. Malang", "Instansi mitra"),
]


@pytest.mark.parametrize(("email", "name", "role_label"), ACCOUNTS,
                         ids=[email.split("@")[0] for email, *_ in ACCOUNTS])
def test_each_demo_account_signs_in_and_is_greeted(page, live_server, demo, console_errors,
                                                    artifacts, email, name, role_label):
    open_login(page, live_server)
    sign_in(page, email)

    expect(page).to_have_url(live_server + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Selamat datang, {name}")
    expect(page.locator(".greeting .muted")).to_contain_text(role_label)
    expect(page.locator("details.account summary")).to_have_text(name)
    if email.startswith("admin@"):
        page.screenshot(path=artifacts / "home-admin-1280.png", full_page=True)
    assert console_errors == []


def test_wrong_password_keeps_the_email_and_explains(page, live_server, demo, console_errors):
    open_login(page, live_server)
    sign_in(page, "desa@demo.example", "bukan-sandinya")

    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("alert")).to_have_text(
        "Email atau kata sandi salah, atau akun tidak aktif.")
    expect(page.get_by_label("Email")).to_have_value("desa@demo.example")
    expect(page.get_by_label("Kata sandi")).to_have_value("")
    expect(page.get_by_label("Kata sandi")).to_have_attribute("aria-invalid", "true")
    # The form answers 422 on purpose (htmx swaps it); Chromium logs that as a failed load.
    assert [error for error in console_errors
            if not error.startswith("Failed to load resource: the server responded with a "
                                    "status of 422")] == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
def test_phone_sign_in_and_out_without_sideways_scrolling(page, live_server, demo,
                                                          console_errors, artifacts):
    open_login(page, live_server)
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "login-360.png", full_page=True)

    sign_in(page, "desa@demo.example")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Selamat datang, Operator Desa Bulukandang")
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "home-desa-360.png", full_page=True)

    page.get_by_text("Operator Desa Bulukandang", exact=True).click()  # the <summary>
    logout = page.get_by_role("button", name="Keluar")
    expect(logout).to_be_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=artifacts / "home-desa-360-menu.png", full_page=True)
    logout.click()

    expect(page).to_have_url(LOGIN_URL)
    expect(page.locator("#messages")).to_contain_text("Anda sudah keluar.")
    expect(page.get_by_label("Email")).to_be_visible()
    assert console_errors == []


@pytest.mark.parametrize("viewport", [PHONE], ids=["360x640"])
@pytest.mark.parametrize("email", [email for email, *_ in ACCOUNTS],
                         ids=[email.split("@")[0] for email, *_ in ACCOUNTS])
def test_phone_account_menu_stays_on_screen(page, live_server, demo, console_errors, email):
    """Whatever the length of the name, the opened menu and its "Keluar" fit the screen."""
    open_login(page, live_server)
    sign_in(page, email)
    page.locator("details.account summary").click()
    menu = page.locator("details.account .menu").bounding_box()
    assert menu["x"] >= 0 and menu["x"] + menu["width"] <= PHONE["width"], menu
    expect(page.get_by_role("button", name="Keluar")).to_be_in_viewport()
    assert console_errors == []
