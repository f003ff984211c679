"""The company portal (graduates who consented, interest in them) and staff's follow-up."""

from flask import flash, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.csvfiles import BOM, csv_line, csv_response
from mtu.extensions import db
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id, parse_int
from mtu.portal import bp
from mtu.portal import services as portal
from mtu.portal.forms import InterestForm
from mtu.portal.models import Interest
from mtu.rendering import fragment_or_redirect, render

EXPORT_LIMIT = 5000


def _filters():
    year = parse_int(request.args.get("year", ""), 2000, 2100)
    return {"text": search_arg(), "course_id": arg_id("course"),
            "subdistrict_id": arg_id("subdistrict"), "year": year}


def _own_company():
    return found_or_404(current_user.company)


@bp.get("/graduates")
@roles_required(Role.COMPANY)
def graduates():
    """Graduates who agreed to be shown to partner companies, with valid certificates."""
    company, filters = _own_company(), _filters()
    page = paginate(portal.graduates_statement(**filters))
    return render("portal/graduates.html", fragment="results", page=page,
                  graduates=portal.rows(page.items, company), query=filters["text"],
                  filters=filters, options=portal.filter_options(),
                  form=InterestForm(formdata=None))


@bp.get("/graduates/export")
@roles_required(Role.COMPANY)
def export_graduates():
    """The same list as a CSV file (what the page shows, nothing more); in the export log."""
    from mtu.reports.models import Dataset  # reports build on the portal (placements)
    from mtu.reports.services import record_export

    _own_company()
    certificates = db.session.scalars(
        portal.graduates_statement(**_filters()).limit(EXPORT_LIMIT)).unique()
    lines = [csv_line([_("Nama"), _("Kejuruan"), _("Pelatihan"), _("Tahun"),
                       _("Nomor sertifikat"), _("Verifikasi"), _("Kecamatan"), _("Umur"),
                       _("Telepon")])]
    rows = portal.rows(certificates)
    lines += [csv_line([row.name, row.vocation, row.course, row.year, row.number,
                        url_for("verification.detail", code=row.code, _external=True),
                        row.subdistrict, row.age_band, row.phone])
              for row in rows]
    record_export(current_user, Dataset.GRADUATES, "csv", portal.describe(**_filters()),
                  len(rows))
    db.session.commit()
    return csv_response(BOM + "".join(lines), "lulusan.csv")


@bp.post("/graduates/<int:certificate_id>/interest")
@roles_required(Role.COMPANY)
def mark_interest(certificate_id):
    """Mark interest in a graduate, with a note for the office."""
    company = _own_company()
    certificate = found_or_404(portal.shown_certificate(certificate_id))
    form = InterestForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    form.validate_on_submit()
    if form.csrf_token.errors or form.note.errors:
        flash(_("Catatan paling banyak 500 karakter."), "error")
    else:
        interest = portal.mark_interest(company, certificate, form.note.data or "",
                                        current_user)
        submissions.done(form, url_for("portal.graduates"))
        db.session.commit()
        flash(_("Minat pada %(name)s dicatat; Disnaker akan menindaklanjuti.",
                name=interest.participant.full_name), "success")
    row = portal.rows([certificate], company)[0]
    return fragment_or_redirect(url_for("portal.graduates"), "portal/graduates.html",
                                "graduate", graduate=row, form=InterestForm(formdata=None),
                                show_messages=True)


@bp.get("/interests")
@roles_required(Role.ADMIN, Role.STAFF, Role.COMPANY)
def interests():
    """Companies' interest in graduates: staff follow them up; a company sees its own."""
    page = paginate(portal.visible_interests(current_user))
    return render("portal/interests.html", fragment="results", page=page)


@bp.post("/interests/<int:interest_id>/follow-up")
@roles_required(Role.ADMIN, Role.STAFF)
def follow_up(interest_id):
    """Mark an interest as followed up."""
    interest = found_or_404(db.session.scalar(
        portal.visible_interests(current_user).where(Interest.id == interest_id)))
    portal.follow_up(interest, current_user)
    db.session.commit()
    flash(_("Minat %(company)s pada %(name)s ditandai sudah ditindaklanjuti.",
            company=interest.company.name, name=interest.participant.full_name), "success")
    return fragment_or_redirect(url_for("portal.interests"), "portal/interests.html",
                                "interest", interest=interest, show_messages=True)


@bp.get("/batches")
@roles_required(Role.COMPANY)
def batches():
    """The company's batches: in-company training it hosts and batches it funds by CSR."""
    from mtu.csr import services as csr  # csr builds on what the portal shows

    company, query = _own_company(), search_arg()
    page = paginate(csr.company_batch_list(current_user, query))
    return render("portal/batches.html", fragment="results", page=page, query=query,
                  company=company)


@bp.get("/batches/<int:batch_id>")
@roles_required(Role.ADMIN, Role.COMPANY)  # an admin, of no company, gets the 404 of a guess
def batch(batch_id):
    """One of the company's batches, read-only: dates, place, how many took part and were
    placed, and the company's own contributions to it; another company's id is a 404."""
    from mtu.batches.services import get_visible
    from mtu.csr import services as csr
    from mtu.placements.services import batch_absorption

    company = _own_company()
    item = found_or_404(get_visible(current_user, batch_id))
    contributions = db.session.scalars(csr.visible_contributions(current_user).where(
        csr.Contribution.batch_id == item.id)).all()
    return render("portal/batch.html", batch=item, company=company,
                  counts=csr.enrolment_counts(item), absorption=batch_absorption(item),
                  contributions=contributions, contribution_total=csr.total(contributions))
