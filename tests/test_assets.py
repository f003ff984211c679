"""Static files: one script for htmx and MTU's own, compressed once at the best quality."""

import gzip
from pathlib import Path

import brotli

from mtu.assets import BUNDLES, LINE_COMMENT


def _get(client, url, encoding, **headers):
    return client.get(url, headers={"Accept-Encoding": encoding, **headers})


def test_the_pages_load_one_script_holding_htmx_and_mtus_own(client, app):
    page = client.get("/auth/login").get_data(as_text=True)
    scripts = [part.split('"')[1] for part in page.split("<script src=")[1:]]
    assert len(scripts) == 1 and scripts[0].startswith("/static/mtu.js?v=")
    body = _get(client, scripts[0], "identity").get_data()
    for name in BUNDLES["mtu.js"]:
        source = (Path(app.static_folder) / name).read_bytes()
        assert LINE_COMMENT.sub(b"", source) in body


def test_text_assets_are_sent_compressed_at_the_best_quality(client):
    url = client.get("/auth/login").get_data(as_text=True).split('<script src="')[1].split('"')[0]
    plain = _get(client, url, "identity")
    as_brotli, as_gzip = _get(client, url, "gzip, deflate, br"), _get(client, url, "gzip")
    assert as_brotli.headers["Content-Encoding"] == "br"
    assert as_gzip.headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain.headers
    assert brotli.decompress(as_brotli.get_data()) == plain.get_data()
    assert gzip.decompress(as_gzip.get_data()) == plain.get_data()
    assert len(as_brotli.get_data()) < len(as_gzip.get_data()) < len(plain.get_data())
    assert brotli.compress(plain.get_data(), quality=11) == as_brotli.get_data()
    assert "Accept-Encoding" in as_brotli.headers["Vary"]
    assert "immutable" in as_brotli.headers["Cache-Control"]


def test_an_unchanged_asset_answers_304(client):
    url = "/static/app.css"
    first = _get(client, url, "gzip")
    again = _get(client, url, "gzip", **{"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.get_data() == b""
    other = _get(client, url, "br", **{"If-None-Match": first.headers["ETag"]})
    assert other.status_code == 200, "the gzip copy's ETag is not the brotli copy's"


def test_unknown_and_escaping_paths_are_404(client):
    for url in ("/static/nope.js", "/static/../mtu/config.py", "/static/%2e%2e/wsgi.py",
                "/static/vendor/../../pyproject.toml"):
        assert _get(client, url, "gzip").status_code == 404, url


def test_comments_on_lines_of_their_own_stay_out_of_mtus_own_scripts(client, app):
    source = b"  /* why */\n  go(); /* kept: beside code */\n  /* two\n     lines */\n  done();\n"
    assert LINE_COMMENT.sub(b"", source) == b"  go(); /* kept: beside code */\n  done();\n"
    source = b"/* a */ x();\n/* b */\n"
    assert LINE_COMMENT.sub(b"", source) == b"/* a */ x();\n"
