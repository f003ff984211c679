"""Static files as a weak signal wants them: one script, compressed once at the best quality.

The pages load htmx and MTU's own script as one file (`mtu.js`), so a cold visit stays at three
requests. Text assets are compressed when first asked for (brotli at quality 11, gzip at 9), kept
in memory and sent with a content-hash ETag; the URL carries the same hash (`static_url`), so a
browser keeps them for a year. Everything else goes through Flask's own static view.
"""

import gzip
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import brotli
from flask import Response, abort, current_app, request, url_for
from werkzeug.security import safe_join

from mtu.authz import public

# A bundle's name → the files it joins, in order.
# offline.js comes before app.js: its listeners see a failed write first and may queue it.
BUNDLES = {"mtu.js": ("vendor/htmx-2.0.11.min.js", "js/offline.js", "js/app.js")}
TEXT_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@dataclass(frozen=True)
class Asset:
    mimetype: str
    digest: str
    identity: bytes
    gzip: bytes
    br: bytes


def _sources(filename: str) -> list[Path] | None:
    folder = current_app.static_folder
    names = BUNDLES.get(filename, (filename,))
    paths = [safe_join(folder, name) for name in names]
    if None in paths or not all(Path(path).is_file() for path in paths):
        return None
    return [Path(path) for path in paths]


# A comment on lines of its own in MTU's hand-written scripts: for the reader of the source,
# not for a phone on a weak signal (vendor files come minified).
LINE_COMMENT = re.compile(rb"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.MULTILINE | re.DOTALL)


def _read(path: Path) -> bytes:
    body = path.read_bytes()
    if path.suffix == ".js" and path.parent.name != "vendor":
        body = LINE_COMMENT.sub(b"", body)
    return body


@cache
def _build(filename: str, sources: tuple[Path, ...], modified: tuple[float, ...]) -> Asset:
    body = b"\n".join(_read(path) for path in sources)
    return Asset(
        mimetype=TEXT_TYPES[Path(filename).suffix],
        digest=hashlib.sha256(body).hexdigest()[:12],
        identity=body,
        gzip=gzip.compress(body, compresslevel=9, mtime=0),
        br=brotli.compress(body, quality=11),
    )


def text_asset(filename: str) -> Asset | None:
    """The asset for a bundle or a text file under static/, or None."""
    if Path(filename).suffix not in TEXT_TYPES:
        return None
    sources = _sources(filename)
    if sources is None:
        return None
    return _build(filename, tuple(sources), tuple(path.stat().st_mtime for path in sources))


@cache
def _file_digest(path: str, modified: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


def static_url(filename: str) -> str:
    """A static file's URL with its content hash, so browsers may cache it for a year."""
    asset = text_asset(filename)
    if asset is not None:
        digest = asset.digest
    else:
        path = Path(current_app.static_folder) / filename
        digest = _file_digest(str(path), path.stat().st_mtime)
    return url_for("static", filename=filename, v=digest)


@public
def serve(filename: str):
    """Flask's static view, with bundles and precompressed text assets in front of it."""
    asset = text_asset(filename)
    if asset is None:
        if filename in BUNDLES:
            abort(404)
        return current_app.send_static_file(filename)
    encodings = request.accept_encodings
    if encodings["br"]:
        body, encoding = asset.br, "br"
    elif encodings["gzip"]:
        body, encoding = asset.gzip, "gzip"
    else:
        body, encoding = asset.identity, None
    response = Response(body, mimetype=asset.mimetype)
    if encoding:
        response.headers["Content-Encoding"] = encoding
    response.vary.add("Accept-Encoding")
    response.set_etag(f"{asset.digest}-{encoding or 'identity'}")
    response.cache_control.public = True
    response.cache_control.max_age = current_app.get_send_file_max_age(filename)
    if request.args.get("v") == asset.digest:
        response.cache_control.immutable = True
    return response.make_conditional(request)


def init_app(app):
    app.view_functions["static"] = serve
