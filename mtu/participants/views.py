"""Participant pages: list, NIK lookup, profile, and each batch's roster with enrolment."""

from flask import current_app, flash, g, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import services as batch_services
from mtu.extensions import db, limiter
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id
from mtu.participants import audit, bp, consent, nik, scope, services
from mtu.participants.forms import EnrolForm, ParticipantForm, WithdrawForm
from mtu.participants.models import EnrolmentStatus, Participant
from mtu.rendering import fragment_or_redirect, render, render_form
from mtu.rules import RuleError

OFFICE = (Role.ADMIN, Role.STAFF)


def _participant_or_404(participant_id):
    return found_or_404(services.get_visible(current_user, participant_id))


def _batch_or_404(batch_id):
    return found_or_404(batch_services.get_visible(current_user, batch_id))


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """People the office may see, by name or exact NIK; NIKs masked. The inmates it shows
    are looks at their records."""
    query = search_arg()
    page = services.list_page(current_user, query)
    response = render("participants/index.html", fragment="results", page=page, query=query,
                      full_ids=scope.in_scope_ids(current_user, page.items))
    return audit.seen(response, current_user, page.items, audit.ViewKind.LIST)


def _probe_key() -> str:
    return f"user:{current_user.get_id()}"


# NIK probes share one budget per account (not per address: offices share one). Only requests
# that looked a complete NIK up count, so typing digit by digit costs nothing.
nik_throttle = limiter.shared_limit(lambda: current_app.config["NIK_LOOKUP_RATE_LIMIT"],
                                    scope="nik-lookup", key_func=_probe_key,
                                    deduct_when=lambda response: g.get("nik_probe", False))


@bp.post("/lookup")
@roles_required(*OFFICE)
@nik_throttle
def lookup():
    """For the NIK field (htmx, POST so that NIKs stay out of URLs and logs): who holds this
    NIK, as far as the office may know, or what is wrong with it."""
    typed = request.form.get("nik", "")[:24]
    batch = batch_services.get_visible(current_user, arg_id("batch"))
    person, facts, error, enrolment = None, None, None, None
    if nik.compact(typed):
        try:
            facts = services.read_nik(typed)
        except ValueError as problem:
            error = str(problem)
        else:
            g.nik_probe = True
            person = services.find_by_nik(facts.nik)
    full = person is not None and scope.in_scope(current_user, person)
    if person is not None and batch is not None:
        enrolment = services.enrolment_in(batch, person)
    trainings = services.trainings_of(person) if full else []
    response = render("participants/lookup.html", person=person, full=full, facts=facts,
                      error=error, trainings=trainings, batch=batch, enrolment=enrolment,
                      on_new_form=request.args.get("form") == "new",
                      other_office=scope.OTHER_OFFICE, form=EnrolForm(formdata=None))
    return audit.seen(response, current_user, [person] if full else [], audit.ViewKind.LOOKUP,
                      everyone=True)


def _validate(form, existing=None) -> bool:
    """The form's own checks, plus the NIK rules even when another field is wrong, so that
    every problem shows at once."""
    if form.validate_on_submit():
        return True
    if form.is_submitted() and form.birth_date.data and not form.nik.errors:
        form.add_errors(services.check(form.to_data(), existing, current_user))
    return False


def _form_page(form, participant, batch):
    """The participant form; a NIK another office holds comes with the offer to enrol the
    person on proof (full name and birth date as on the KTP)."""
    other_office = str(scope.OTHER_OFFICE) in form.nik.errors
    if other_office:
        g.nik_probe = True
    return render_form("participants/form.html", form, participant=participant, batch=batch,
                       other_office=other_office, enrol_form=EnrolForm(formdata=None))


def _flash_similar(participant):
    inside, offices = scope.similar_records(current_user, participant)
    for other in inside:
        flash(_("Periksa: %(name)s (NIK %(nik)s) bernama dan bertanggal lahir sama; "
                "mungkin orang yang sama.", name=other.full_name, nik=other.masked_nik),
              "warning")
    if offices:
        flash(ngettext("Periksa: %(num)d kantor Disnaker lain mencatat orang dengan nama dan "
                       "tanggal lahir sama; mungkin orang yang sama.",
                       "Periksa: %(num)d kantor Disnaker lain mencatat orang dengan nama dan "
                       "tanggal lahir sama; mungkin orang yang sama.", offices), "warning")


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Record a new person (and enrol them in the batch they came for)."""
    batch = batch_services.get_visible(current_user, arg_id("batch"))
    form = ParticipantForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if _validate(form):
        try:
            participant = services.create_participant(form.to_data(), current_user)
            warnings = services.enrol(participant, batch, current_user)[1] if batch else []
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            if batch is not None:
                url = url_for("participants.roster", batch_id=batch.id)
            else:
                url = url_for("participants.detail", participant_id=participant.id)
            submissions.done(form, url)
            db.session.commit()
            flash(_("%(name)s tercatat.", name=participant.full_name), "success")
            _flash_similar(participant)
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url)
    return _form_page(form, None, batch)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(participant_id):
    """Correct a person's record (only the office that recorded them)."""
    participant = found_or_404(db.session.scalar(
        scope.profiles(current_user).where(Participant.id == participant_id)))
    if participant.anonymised_at is not None:
        flash(_("Data orang ini sudah dianonimkan dan tidak dapat diubah."), "info")
        return redirect(url_for("participants.detail", participant_id=participant.id))
    form = ParticipantForm(obj=participant)
    if request.method == "GET":
        form.consent.data = participant.consent_at is not None
        form.contact_consent.data = participant.contact_consent_at is not None
    if _validate(form, participant):
        try:
            services.update_participant(participant, form.to_data(), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Data %(name)s disimpan.", name=participant.full_name), "success")
            return redirect(url_for("participants.detail", participant_id=participant.id))
    return audit.seen(_form_page(form, participant, None), current_user, [participant],
                      audit.ViewKind.EDIT, everyone=True)


@bp.get("/<int:participant_id>")
@roles_required(*OFFICE)
def detail(participant_id):
    """A person's profile (full NIK, trainings, likely duplicates under other NIKs); for
    someone another office recorded, only what the office's batches need."""
    participant = _participant_or_404(participant_id)
    from mtu.attendance.services import rates_for  # attendance builds on participants

    full = scope.in_scope(current_user, participant)
    trainings = services.trainings_of(participant, None if full else current_user)
    duplicates, offices = scope.similar_records(current_user, participant) if full else ([], 0)
    response = render("participants/detail.html", participant=participant,
                      trainings=trainings, rates=rates_for(trainings), full=full,
                      duplicates=duplicates, other_offices=offices,
                      consents=consent.history(participant) if full else [],
                      followed=services.is_inmate(participant))
    # Every profile opened is kept (issue 20), with or without the full NIK.
    return audit.seen(response, current_user, [participant], audit.ViewKind.DETAIL,
                      everyone=True)


@bp.get("/<int:participant_id>/views")
@roles_required(*OFFICE)
def views(participant_id):
    """Who opened an inmate's record, when and what (newest first)."""
    participant = _participant_or_404(participant_id)
    return render("participants/views.html", fragment="results", participant=participant,
                  page=paginate(audit.views_of(participant)), kinds=audit.ViewKind)


def _roster_context(batch, enrol_form=None, warnings=()):
    groups = services.roster(batch)
    people = [e.participant for enrolments in groups.values() for e in enrolments]
    return {"batch": batch, "groups": groups, "statuses": EnrolmentStatus,
            "full_ids": scope.masked_nik_ids(current_user, batch, people),
            "accepted": len(groups[EnrolmentStatus.ACCEPTED]),
            "enrol_form": enrol_form or EnrolForm(formdata=None),
            "withdraw_form": WithdrawForm(formdata=None), "warnings": warnings}


@bp.get("/batches/<int:batch_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.TRAINER)
def roster(batch_id):
    """A batch's participants: accepted, waiting list in order, candidates, withdrawn."""
    context = _roster_context(_batch_or_404(batch_id))
    people = [e.participant for enrolments in context["groups"].values() for e in enrolments]
    return audit.seen(render("participants/roster.html", **context), current_user, people,
                      audit.ViewKind.ROSTER)


@bp.post("/batches/<int:batch_id>/enrol")
@roles_required(*OFFICE)
@nik_throttle
def enrol(batch_id):
    """Enrol a person by NIK (someone another office recorded on proof of name and birth
    date); an unknown NIK opens the new-person form, the NIK kept out of the URL."""
    batch = _batch_or_404(batch_id)
    form = EnrolForm()
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        g.nik_probe = True
        try:
            person, enrolment, warnings = services.enrol_by_nik(
                form.nik.data, batch, current_user, accept=form.accept.data,
                full_name=form.full_name.data or "", birth_date=form.birth_date.data)
        except services.UnknownNik:
            return _new_person(batch, form)
        except RuleError as error:
            form.add_errors([("nik", message) for _field, message in error.errors])
        else:
            url = submissions.done(form, url_for("participants.roster", batch_id=batch.id))
            db.session.commit()
            flash(_("%(name)s: %(status)s.", name=person.full_name,
                    status=enrolment.status_label), "success")
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url)
    return render("participants/roster.html", status_code=422,
                  **_roster_context(batch, enrol_form=form))


def _new_person(batch, enrol_form):
    """A NIK no one holds yet: the new-person form with it filled in, or what is wrong."""
    try:
        facts = services.read_nik(enrol_form.nik.data)
    except ValueError as error:
        enrol_form.nik.errors = [str(error)]
        return render("participants/roster.html", status_code=422,
                      **_roster_context(batch, enrol_form=enrol_form))
    form = ParticipantForm(formdata=None)
    form.nik.data = facts.nik
    return _form_page(form, None, batch)


def _enrolment_or_404(enrolment_id):
    return found_or_404(services.visible_enrolment(current_user, enrolment_id))


def _after_change(enrolment):
    return fragment_or_redirect(url_for("participants.roster", batch_id=enrolment.batch_id),
                                "participants/roster.html", "roster", show_messages=True,
                                **_roster_context(enrolment.batch))


@bp.post("/enrolments/<int:enrolment_id>/withdraw")
@roles_required(*OFFICE)
def withdraw(enrolment_id):
    """Withdraw a participant; the first on the waiting list takes the seat."""
    enrolment = _enrolment_or_404(enrolment_id)
    form = WithdrawForm()
    form.validate_on_submit()
    try:
        promoted = services.withdraw(enrolment, current_user, form.note.data or "")
    except RuleError as error:
        flash(error.messages[0], "error")
    else:
        db.session.commit()
        flash(_("%(name)s mengundurkan diri.", name=enrolment.participant.full_name), "info")
        if promoted is not None:
            flash(_("%(name)s naik dari daftar cadangan.", name=promoted.participant.full_name),
                  "info")
    return _after_change(enrolment)


@bp.post("/enrolments/<int:enrolment_id>/accept")
@roles_required(*OFFICE)
def accept(enrolment_id):
    """Accept a registered candidate (or put them on the waiting list when full)."""
    enrolment = _enrolment_or_404(enrolment_id)
    try:
        services.accept(enrolment, current_user)
    except RuleError as error:
        flash(error.messages[0], "error")
    else:
        db.session.commit()
        name = enrolment.participant.full_name
        flash(_("%(name)s diterima.", name=name) if enrolment.status == EnrolmentStatus.ACCEPTED
              else _("Kuota penuh: %(name)s masuk daftar cadangan.", name=name), "success")
    return _after_change(enrolment)
