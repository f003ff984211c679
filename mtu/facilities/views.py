"""Facility pages: a batch's item list, the hand-over grid, and the receipt list PDF."""


from flask import abort, flash, redirect, request, url_for
from flask_babel import force_locale, ngettext
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches.services import get_visible
from mtu.clock import local_today
from mtu.extensions import db
from mtu.facilities import bp, services
from mtu.facilities.forms import ItemForm
from mtu.numbers import form_id
from mtu.participants import audit
from mtu.pdf import batch_file_name, pdf_response
from mtu.rendering import fragment_or_redirect, render, wants_fragment
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def _batch_or_404(batch_id):
    return found_or_404(get_visible(current_user, batch_id))


def _page(batch, form=None, status_code=200):
    return render("facilities/index.html", batch=batch, sheet=services.sheet(batch),
                  form=form or ItemForm(formdata=None), status_code=status_code)


def _flash_errors(error: RuleError):
    for message in error.messages:
        flash(message, "error")


@bp.get("/batches/<int:batch_id>")
@roles_required(*OFFICE)
def index(batch_id):
    """The batch's facility items and the grid of who received what."""
    return _page(_batch_or_404(batch_id))


@bp.post("/batches/<int:batch_id>/items")
@roles_required(*OFFICE)
def create(batch_id):
    """Add an item (name, rupiah value, once or per day) to the batch's list."""
    batch = _batch_or_404(batch_id)
    form = ItemForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        try:
            item = services.add_item(batch, form.name.data, form.rupiah, form.per_day.data)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("facilities.index", batch_id=batch.id,
                                                 _anchor="items"))
            db.session.commit()
            flash(_("%(name)s ditambahkan.", name=item.name), "success")
            return redirect(url)
    return _page(batch, form, status_code=422)


@bp.post("/batches/<int:batch_id>/standard")
@roles_required(*OFFICE)
def fill_standard(batch_id):
    """Fill an empty list with the usual facilities."""
    batch = _batch_or_404(batch_id)
    try:
        items = services.add_standard_items(batch)
    except RuleError as error:
        _flash_errors(error)
    else:
        db.session.commit()
        flash(ngettext("%(num)d fasilitas standar ditambahkan; ubah nilainya bila berbeda.",
                       "%(num)d fasilitas standar ditambahkan; ubah nilainya bila berbeda.",
                       len(items)), "success")
    return redirect(url_for("facilities.index", batch_id=batch.id, _anchor="items"))


@bp.post("/items/<int:item_id>/delete")
@roles_required(*OFFICE)
def delete(item_id):
    """Remove an item that nobody has received."""
    item = services.get_visible_item(current_user, item_id)
    if item is None:
        abort(404)
    batch_id, name = item.batch_id, item.name
    try:
        services.delete_item(item)
    except RuleError as error:
        _flash_errors(error)
    else:
        db.session.commit()
        flash(_("%(name)s dihapus.", name=name), "success")
    return redirect(url_for("facilities.index", batch_id=batch_id, _anchor="items"))


@bp.post("/handovers")
@roles_required(*OFFICE)
def toggle():
    """Set one cell of the grid: handed=1 records the hand-over today, handed=0 removes it."""
    handed = request.form.get("handed")
    if handed not in ("0", "1"):
        abort(400)
    cell = services.get_visible_cell(current_user, form_id("enrolment_id"),
                                     form_id("item_id"))
    if cell is None:
        abort(404)
    enrolment, item = cell
    try:
        handover = services.set_handover(enrolment, item, handed == "1", current_user)
        error = None
    except RuleError as refusal:
        handover, error = services.handover_of(enrolment, item), refusal.messages[0]
    else:
        db.session.commit()
    context = dict(enrolment=enrolment, item=item, handover=handover, error=error,
                   receiving=enrolment.status in services.RECEIVING)
    if error:
        if wants_fragment():
            return render("facilities/index.html", fragment="cell", status_code=422, **context)
        flash(error, "error")
    return fragment_or_redirect(
        url_for("facilities.index", batch_id=enrolment.batch_id, _anchor=f"p{enrolment.id}"),
        "facilities/index.html", "cell", **context)


@bp.get("/batches/<int:batch_id>/receipt.pdf")
@roles_required(*OFFICE)
def receipt(batch_id):
    """The receipt list (daftar tanda terima) to print and have each participant sign."""
    batch = _batch_or_404(batch_id)
    with force_locale("id"):  # signed by the participants: Indonesian, whoever prints it
        response = pdf_response("facilities/receipt_pdf.html",
                                batch_file_name("tanda-terima-fasilitas", batch), download=True,
                                batch=batch, sheet=services.sheet(batch), today=local_today())
    return audit.seen_batch(response, current_user, batch.id)
