"""PDF documents (receipt lists, certificates, reports) from Jinja templates via xhtml2pdf.

A PDF template is a complete HTML document whose head comes from templates/_pdf.html: it
links the styles from static/pdf/ (shared rules, A4 portrait or landscape with a page-number
footer, and its own), read from disk by the link callback below: nothing is fetched from the
network. A view answers with pdf_response().
"""

import re
from io import BytesIO
from pathlib import Path

from flask import current_app, make_response, render_template
from pypdf import PdfReader, PdfWriter
from xhtml2pdf import pisa


class PdfError(RuntimeError):
    """xhtml2pdf could not turn the rendered HTML into a PDF."""


def _local_files_only(uri: str, rel: str) -> str:
    """Let templates use images and fonts from static/ and nothing from the network."""
    static = Path(current_app.static_folder).resolve()
    name = uri.split("?", 1)[0].removeprefix("/static/")
    path = (static / name).resolve()
    if path.is_relative_to(static) and path.is_file():
        return str(path)
    return ""


def render_pdf(template_name: str, **context) -> bytes:
    """Render a template to HTML and convert it; raises PdfError when conversion fails."""
    html = render_template(template_name, **context)
    output = BytesIO()
    status = pisa.CreatePDF(html, dest=output, encoding="utf-8",
                            link_callback=_local_files_only)
    if status.err:
        raise PdfError(f"xhtml2pdf reported {status.err} error(s) for {template_name}")
    return output.getvalue()


def with_attachments(pdf: bytes, attachments: list[tuple[str, bytes]]) -> bytes:
    """The PDF with files embedded (PDF "EmbeddedFiles"; readers list them as attachments)."""
    if not attachments:
        return pdf
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    for name, data in attachments:
        writer.add_attachment(name, data)
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_response(template_name: str, filename: str, download: bool = False,
                 attachments: list[tuple[str, bytes]] | None = None, **context):
    """The rendered PDF (with `attachments` embedded), shown in the browser (or saved, with
    `download`), never cached: every document names people."""
    response = make_response(with_attachments(render_pdf(template_name, **context),
                                              attachments or []))
    response.mimetype = "application/pdf"
    response.headers.set("Content-Disposition", "attachment" if download else "inline",
                         filename=filename)
    response.headers["Cache-Control"] = "private, no-store"
    return response


def batch_file_name(prefix: str, batch, suffix: str = "") -> str:
    """('daftar-hadir', batch) → 'daftar-hadir-tata-boga-gel1-2026.pdf'."""
    slug = re.sub(r"[^a-z0-9]+", "-", batch.course.name.lower()).strip("-")
    return f"{prefix}-{slug}-gel{batch.wave}-{batch.year}{suffix}.pdf"
