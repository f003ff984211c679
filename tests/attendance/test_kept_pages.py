"""What a trainer's phone may keep for use without signal, its service worker, the token for a
queue sent later, and forgetting it all on sign-out (mtu/offline.py)."""

from mtu.clock import local_today


def test_the_service_worker_is_served_from_the_root_and_checked_on_every_visit(client):
    response = client.get("/sw.js")
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "no-cache" in response.headers["Cache-Control"]
    assert "MTU-Offline" in response.get_data(as_text=True)


def test_only_a_trainers_home_and_day_pages_may_be_kept(client, day_page, login_as):
    batch, _people, url = day_page
    home = client.get("/")
    assert home.headers["MTU-Offline"] == "keep"
    assert 'data-sw="/sw.js"' in home.get_data(as_text=True)
    assert client.get(url).headers["MTU-Offline"] == "keep"
    assert "MTU-Offline" not in client.htmx_get(url).headers  # a fragment
    assert "MTU-Offline" not in client.get(f"/batches/{batch.id}").headers
    client.post_form("/auth/logout")
    login_as("staff", regency=batch.regency)
    assert "MTU-Offline" not in client.get(url).headers
    assert "data-offline" not in client.get("/").get_data(as_text=True)


def test_a_queue_sent_later_gets_a_fresh_token(client, day_page):
    response = client.get("/attendance/token")
    assert response.status_code == 204 and response.headers["X-CSRFToken"]
    assert "no-store" in response.headers["Cache-Control"]


def test_signing_out_clears_what_the_phone_kept(client, day_page):
    response = client.post_form("/auth/logout")
    assert response.headers["Clear-Site-Data"] == '"storage"'
    assert client.get("/attendance/token", headers={"HX-Request": "true"}).status_code == 401


def test_a_queued_mark_without_a_csrf_token_is_refused(client, day_page, db):
    _batch, people, url = day_page
    response = client.post(url + "/marks", data={
        f"mark-{people[0].id}": "present", "client_key": "0f9c2b1e-5d7a-4c3b-9e8f-1a2b3c4d5e6f",
        "device_at": f"{local_today().isoformat()}T01:02:03.000Z"},
        headers={"HX-Request": "true"})
    assert response.status_code == 400
