"""Participant pages: list, NIK lookup, profile, and each batch's roster with enrolment."""

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import services as batch_services
from mtu.extensions import db
from mtu.numbers import arg_id
from mtu.participants import bp, nik, services
from mtu.participants.forms import EnrolForm, ParticipantForm, WithdrawForm
from mtu.participants.models import EnrolmentStatus
from mtu.participants.services import ParticipantError
from mtu.rendering import fragment_or_redirect, render

OFFICE = (Role.ADMIN, Role.STAFF)


def _participant_or_404(participant_id):
    return found_or_404(services.get_visible(current_user, participant_id))


def _batch_or_404(batch_id):
    return found_or_404(batch_services.get_visible(current_user, batch_id))


@bp.get("/")
@roles_required(*OFFICE)
def index():
    """People the office may see, by name or exact NIK; NIKs masked."""
    query = request.args.get("q", "").strip()[:100]
    page = db.paginate(services.list_statement(current_user, query),
                       per_page=current_app.config["PER_PAGE"], error_out=False)
    return render("participants/index.html", fragment="results", page=page, query=query)


@bp.get("/lookup")
@roles_required(*OFFICE)
def lookup():
    """For the NIK field: who this NIK belongs to, or what is wrong with it (htmx)."""
    typed = request.args.get("nik", "")[:24]
    batch = batch_services.get_visible(current_user, arg_id("batch"))
    person, facts, error = None, None, None
    if nik.compact(typed):
        try:
            facts = nik.read(typed)
        except ValueError as problem:
            error = str(problem)
        else:
            person = services.find_by_nik(facts.nik)
    trainings = services.trainings_of(person) if person else []
    return render("participants/lookup.html", person=person, facts=facts, error=error,
                  trainings=trainings, batch=batch, typed=typed, form=EnrolForm(formdata=None))


def _validate(form, existing=None) -> bool:
    """The form's own checks, plus the NIK rules even when another field is wrong, so that
    every problem shows at once."""
    if form.validate_on_submit():
        return True
    if form.is_submitted() and form.birth_date.data and not form.nik.errors:
        form.add_errors(services.check(form.to_data(), existing))
    return False


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Record a new person (and enrol them in the batch they came for)."""
    batch = batch_services.get_visible(current_user, arg_id("batch"))
    form = ParticipantForm()
    if request.method == "GET" and request.args.get("nik"):
        form.nik.data = request.args["nik"][:24]
    if (answer := submissions.claim(form)) is not None:
        return answer
    if _validate(form):
        try:
            participant = services.create_participant(form.to_data(), current_user)
            warnings = services.enrol(participant, batch, current_user)[1] if batch else []
        except ParticipantError as error:
            form.add_errors(error.errors)
        else:
            if batch is not None:
                url = url_for("participants.roster", batch_id=batch.id)
            else:
                url = url_for("participants.detail", participant_id=participant.id)
            submissions.done(form, url)
            db.session.commit()
            flash(_("%(name)s tercatat.", name=participant.full_name), "success")
            for other in services.likely_duplicates(participant):
                flash(_("Periksa: %(name)s (NIK %(nik)s) bernama dan bertanggal lahir sama; "
                        "mungkin orang yang sama.", name=other.full_name, nik=other.masked_nik),
                      "warning")
            for warning in warnings:
                flash(warning, "warning")
            return redirect(url)
    return render("participants/form.html", form=form, participant=None, batch=batch,
                  status_code=422 if form.errors or form.form_errors else 200)


@bp.route("/<int:participant_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(participant_id):
    """Correct a person's record."""
    participant = _participant_or_404(participant_id)
    form = ParticipantForm(obj=participant)
    if request.method == "GET":
        form.consent.data = participant.consent_at is not None
    if _validate(form, participant):
        try:
            services.update_participant(participant, form.to_data())
        except ParticipantError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Data %(name)s disimpan.", name=participant.full_name), "success")
            return redirect(url_for("participants.detail", participant_id=participant.id))
    return render("participants/form.html", form=form, participant=participant, batch=None,
                  status_code=422 if form.errors or form.form_errors else 200)


@bp.get("/<int:participant_id>")
@roles_required(*OFFICE)
def detail(participant_id):
    """A person's profile: full NIK, trainings, and likely duplicates under other NIKs."""
    participant = _participant_or_404(participant_id)
    from mtu.attendance.services import rates_for  # attendance builds on participants

    trainings = services.trainings_of(participant)
    return render("participants/detail.html", participant=participant, trainings=trainings,
                  rates=rates_for(trainings),
                  duplicates=services.likely_duplicates(participant))


def _roster_context(batch, enrol_form=None, warnings=()):
    groups = services.roster(batch)
    return {"batch": batch, "groups": groups, "statuses": EnrolmentStatus,
            "accepted": len(groups[EnrolmentStatus.ACCEPTED]),
            "enrol_form": enrol_form or EnrolForm(formdata=None),
            "withdraw_form": WithdrawForm(formdata=None), "warnings": warnings}


@bp.get("/batches/<int:batch_id>")
@roles_required(Role.ADMIN, Role.STAFF, Role.TRAINER)
def roster(batch_id):
    """A batch's participants: accepted, waiting list in order, candidates, withdrawn."""
    return render("participants/roster.html", **_roster_context(_batch_or_404(batch_id)))


@bp.post("/batches/<int:batch_id>/enrol")
@roles_required(*OFFICE)
def enrol(batch_id):
    """Enrol a known person by NIK; an unknown NIK leads to the new-person form."""
    batch = _batch_or_404(batch_id)
    form = EnrolForm()
    warnings = []
    if (answer := submissions.claim(form)) is not None:
        return answer
    if form.validate_on_submit():
        person = services.find_by_nik(form.nik.data)
        if person is None:
            return redirect(url_for("participants.create", batch=batch.id,
                                    nik=nik.compact(form.nik.data)))
        try:
            enrolment, warnings = services.enrol(person, batch, current_user,
                                                 accept=form.accept.data)
        except ParticipantError as error:
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
    except ParticipantError as error:
        flash(error.errors[0][1], "error")
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
    except ParticipantError as error:
        flash(error.errors[0][1], "error")
    else:
        db.session.commit()
    return _after_change(enrolment)
