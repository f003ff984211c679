"""Batch pages: list, plan (from proposals), detail with status, edit, and the schedule."""

from datetime import date

from flask import flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from mtu import submissions
from mtu.authz import Role, found_or_404, roles_required
from mtu.batches import availability, bp, schedule, services
from mtu.batches.forms import BatchForm, CancelForm, StatusForm
from mtu.batches.models import BATCH_STATUS_LABELS, NEXT_STATUS, BatchStatus, EquipmentProvider
from mtu.batches.services import BatchPlan
from mtu.calendar import services as calendar_services
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.companies.services import company_choices
from mtu.courses.models import Course
from mtu.courses.services import active_courses
from mtu.extensions import db
from mtu.fleet.models import Unit
from mtu.fleet.services import visible_units
from mtu.listing import paginate, search_arg
from mtu.numbers import arg_id, parse_int
from mtu.prison_programs.models import Programme
from mtu.prison_programs.services import visible_programmes
from mtu.proposals.models import Proposal, VenueType
from mtu.rendering import fragment_or_redirect, render, render_form, wants_fragment
from mtu.rules import RuleError
from mtu.trainers.models import Trainer
from mtu.trainers.services import visible_trainers

OFFICE = (Role.ADMIN, Role.STAFF)
READERS = (Role.ADMIN, Role.STAFF, Role.TRAINER, Role.VILLAGE)
# What the status block offers: the work each status calls for, and the buttons moving on.
NEXT_STEP = {
    BatchStatus.REGISTRATION: ("participants.roster", _l("Daftarkan peserta")),
    BatchStatus.RUNNING: ("attendance.today", _l("Isi daftar hadir hari ini")),
    BatchStatus.DONE: ("certificates.batch", _l("Sahkan asesmen dan terbitkan sertifikat")),
}
MAX_PLAN_DAYS = 400  # longer dates are a typing error: no count is shown
MOVE_ON = {BatchStatus.REGISTRATION: _l("Buka pendaftaran"),
           BatchStatus.RUNNING: _l("Mulai pelatihan"), BatchStatus.DONE: _l("Tandai selesai")}


def _visible_or_404(batch_id):
    return found_or_404(services.get_visible(current_user, batch_id))


class _Options:
    """What the form may offer this user, loaded once per request."""

    def __init__(self, batch=None):
        self.courses = {course.id: course for course in active_courses()}
        if batch is not None:
            self.courses.setdefault(batch.course.id, batch.course)
        self.units = {u.id: u for u in db.session.scalars(visible_units(current_user))}
        self.trainers = {t.id: t for t in db.session.scalars(visible_trainers(current_user))}
        self.programmes = {p.id: p for p in db.session.scalars(
            visible_programmes(current_user).order_by(Programme.name))}
        self.proposals = {p.id: p for p in db.session.scalars(
            services.schedulable_proposals(current_user))}
        if batch is not None:
            self.proposals.update({p.id: p for p in batch.proposals})

    def fill(self, form):
        form.course_id.choices = [SelectChoice(c.id, c.name) for c in self.courses.values()]
        form.unit_id.choices = [SelectChoice(0, _("— Tanpa unit MTU —"))] + [
            SelectChoice(u.id, f"{u.code} · {u.name}") for u in self.units.values()]
        form.trainer_ids.choices = [
            SelectChoice(t.id, f"{t.name} ({', '.join(c.name for c in t.courses) or '-'})")
            for t in self.trainers.values()]
        form.csr_company_id.choices = form.host_company_id.choices = company_choices()
        form.programme_id.choices = [SelectChoice(0, "—")] + [
            SelectChoice(p.id, p.name) for p in self.programmes.values()]
        form.proposal_ids.choices = [
            SelectChoice(p.id, f"{p.reference} · {p.vocation} · {p.proposer}")
            for p in self.proposals.values()]

    def plan(self, form) -> BatchPlan:
        """The form's choices as objects; ids the user may not use are refused."""
        course = self.courses.get(form.course_id.data)
        unit = self.units.get(form.unit_id.data) if form.unit_id.data else None
        trainers = [self.trainers[i] for i in form.trainer_ids.data or [] if i in self.trainers]
        proposals = [self.proposals[i] for i in form.proposal_ids.data or []
                     if i in self.proposals]
        programme = self.programmes.get(form.programme_id.data) \
            if form.programme_id.data else None
        unknown = (course is None or (form.unit_id.data and unit is None)
                   or (form.programme_id.data and programme is None)
                   or len(trainers) != len(form.trainer_ids.data or [])
                   or len(proposals) != len(form.proposal_ids.data or []))
        if unknown:
            raise RuleError(_("Ada pilihan yang tidak valid; muat ulang halaman."))
        csr = db.session.get(Company, form.csr_company_id.data) if form.csr_company_id.data \
            else None
        host = db.session.get(Company, form.host_company_id.data) \
            if form.host_company_id.data else None
        if (form.csr_company_id.data and csr is None) or (form.host_company_id.data
                                                          and host is None):
            raise RuleError(_("Ada pilihan yang tidak valid; muat ulang halaman."))
        return BatchPlan(
            course=course, year=form.year.data, wave=form.wave.data,
            venue_type=form.venue_type.data, venue_name=form.venue_name.data.strip(),
            start_date=form.start_date.data,
            end_date=form.end_date.data or services.default_end(course, form.start_date.data),
            quota=form.quota.data or course.package_size, funding=form.funding.data,
            village=form.village.region, unit=unit,
            equipment_provider=None if unit is not None else form.equipment_provider.data or None,
            trainers=trainers, csr_company=csr, host_company=host, programme=programme,
            notes=(form.notes.data or "").strip(), proposals=proposals)


def _default_provider(venue_type: str, trainer: Trainer) -> str:
    """Who most likely brings the equipment when no unit goes: the BLK or company hosting
    the course, else the trainer's LPK or company, else the venue."""
    if venue_type == VenueType.TRAINING_CENTRE:
        return EquipmentProvider.TRAINING_CENTRE.value
    if venue_type == VenueType.COMPANY or trainer.company_id:
        return EquipmentProvider.COMPANY.value
    if trainer.institute_id:
        return EquipmentProvider.INSTITUTE.value
    return EquipmentProvider.VENUE.value


def _prefill_from_proposal(form, options, proposal: Proposal):
    """A new batch for a waiting proposal: its course, place and the earliest free dates."""
    if proposal.course_id in options.courses:
        form.course_id.data = proposal.course_id
    form.proposal_ids.data = [proposal.id]
    form.venue_type.data = proposal.venue_type
    if proposal.venue_type == VenueType.COMPANY and proposal.company_id:
        form.host_company_id.data = proposal.company_id
    form.venue_name.data = proposal.venue_name or (
        f"Balai Desa {proposal.village.name}" if proposal.village else "")
    if proposal.village is not None:
        form.village.process_data(proposal.village)
    if proposal.course is not None:
        slots = availability.suggested_slots(
            proposal.course, proposal.regency_id,
            max(local_today(), proposal.preferred_from or local_today()),
            needs_unit=proposal.venue_type != VenueType.TRAINING_CENTRE, limit=1)
        if slots:
            form.start_date.data = slots[0].start
            form.year.data = slots[0].start.year
            form.wave.data = services.next_wave(proposal.regency_id, slots[0].start.year)
            form.unit_id.data = slots[0].unit.id if slots[0].unit else 0
            form.trainer_ids.data = [slots[0].trainer.id]
            if slots[0].end != services.default_end(proposal.course, slots[0].start):
                form.end_date.data = slots[0].end  # days off took session days
            if slots[0].unit is None:
                form.equipment_provider.data = _default_provider(proposal.venue_type,
                                                                 slots[0].trainer)


def _plan_regency(unit_id: int | None, batch=None) -> int | None:
    """Whose days off count for the dates: the staff's district, else the batch's or the
    chosen unit's (an admin's new batch without a unit: the shared days only)."""
    if current_user.role == Role.STAFF:
        return current_user.regency_id
    if batch is not None:
        return batch.regency_id
    unit = db.session.get(Unit, unit_id) if unit_id else None
    return unit.regency_id if unit else None


def _days_plan(course, start, end, unit_id=None, batch=None):
    """What the dates give (session days, days off, whether the hours fit), or None."""
    if course is None or start is None or not 2000 <= start.year <= 2100:
        return None
    end = end or services.default_end(course, start)
    if not 0 <= (end - start).days <= MAX_PLAN_DAYS:
        return None
    return calendar_services.plan_days(start, end, _plan_regency(unit_id, batch), course.hours,
                                       batch.id if batch else None)


def _form_plan(form, options, batch=None):
    return _days_plan(options.courses.get(form.course_id.data), form.start_date.data,
                      form.end_date.data, form.unit_id.data, batch)


def _warn_if_short(batch) -> None:
    plan = _days_plan(batch.course, batch.start_date, batch.end_date, batch=batch)
    if plan is not None and not plan.fits:
        flash(ngettext("Perhatian: %(num)d hari pelatihan tidak cukup untuk %(hours)d jam "
                       "pelajaran kejuruan ini.",
                       "Perhatian: %(num)d hari pelatihan tidak cukup untuk %(hours)d jam "
                       "pelajaran kejuruan ini.", len(plan.sessions), hours=plan.hours), "warning")


@bp.get("/session-days")
@roles_required(*OFFICE)
def session_days():
    """The batch form's count of session days and days off for the dates typed (htmx); the
    page itself is the batch form."""
    batch = services.get_visible(current_user, arg_id("batch") or 0) if arg_id("batch") \
        else None
    if not wants_fragment():
        return redirect(url_for("batches.update", batch_id=batch.id) if batch
                        else url_for("batches.create"))
    course = db.session.get(Course, arg_id("course_id") or 0)
    try:
        start = date.fromisoformat(request.args.get("start_date", ""))
        end = date.fromisoformat(request.args["end_date"]) \
            if request.args.get("end_date") else None
    except ValueError:
        start = end = None
    return render("batches/form.html", fragment="session_days",
                  days_plan=_days_plan(course, start, end, arg_id("unit_id"), batch))


@bp.get("/")
@roles_required(*READERS)
def index():
    """Batches the user may see, by year, status and text."""
    year = parse_int(request.args.get("year"), 2000, 2100)
    status = request.args.get("status", "")
    query = search_arg()
    page = paginate(services.list_statement(current_user, year, status, query))
    return render("batches/index.html", fragment="results", page=page, year=year,
                  status=status, query=query, statuses=BATCH_STATUS_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*OFFICE)
def create():
    """Plan a batch, usually from one or more verified proposals."""
    options = _Options()
    form = BatchForm()
    options.fill(form)
    if request.method == "GET":
        today = local_today()
        form.year.data = today.year
        form.wave.data = services.next_wave(current_user.regency_id, today.year) \
            if current_user.regency_id else 1
        proposal_id = arg_id("proposal")
        if proposal_id in options.proposals:
            _prefill_from_proposal(form, options, options.proposals[proposal_id])
        elif (host := db.session.get(Company, arg_id("host") or 0)) is not None:
            # From a company's page: training at its premises for its own workers.
            form.venue_type.data, form.host_company_id.data = VenueType.COMPANY.value, host.id
            form.venue_name.data = host.name
            form.equipment_provider.data = EquipmentProvider.COMPANY.value
    elif (answer := submissions.claim(form)) is not None:
        return answer
    elif form.validate_on_submit():
        try:
            batch = services.plan_batch(options.plan(form), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            url = submissions.done(form, url_for("batches.detail", batch_id=batch.id))
            db.session.commit()
            flash(_("Paket %(title)s direncanakan.", title=batch.title), "success")
            _warn_if_short(batch)
            return redirect(url)
    return render_form("batches/form.html", form, batch=None,
                       days_plan=_form_plan(form, options))


@bp.route("/<int:batch_id>/edit", methods=["GET", "POST"])
@roles_required(*OFFICE)
def update(batch_id):
    """Change a batch's dates, place, unit, trainers or the proposals it serves."""
    batch = _visible_or_404(batch_id)
    options = _Options(batch)
    form = BatchForm(obj=batch)
    options.fill(form)
    if request.method == "GET":
        form.unit_id.data = batch.unit_id or 0
        form.csr_company_id.data = batch.csr_company_id or 0
        form.host_company_id.data = batch.host_company_id or 0
        form.programme_id.data = batch.programme_id or 0
        form.trainer_ids.data = [t.id for t in batch.trainers]
        form.proposal_ids.data = [p.id for p in batch.proposals]
    elif form.validate_on_submit():
        try:
            services.update_batch(batch, options.plan(form), current_user)
        except RuleError as error:
            form.add_errors(error.errors)
        else:
            db.session.commit()
            flash(_("Perubahan paket disimpan."), "success")
            _warn_if_short(batch)
            return redirect(url_for("batches.detail", batch_id=batch.id))
    return render_form("batches/form.html", form, batch=batch,
                       days_plan=_form_plan(form, options, batch))


@bp.get("/<int:batch_id>")
@roles_required(*READERS)
def detail(batch_id):
    """One batch: where, when, who teaches, which unit, which proposals it serves, and how
    many of its graduates were placed."""
    from mtu.csr.services import of_batch  # csr and placements build on batches
    from mtu.placements.services import batch_absorption

    batch = _visible_or_404(batch_id)
    return render("batches/detail.html", **_status_block(batch),
                  absorption=batch_absorption(batch), contributions=of_batch(batch))


def _status_block(batch, form=None, cancel_form=None, **context):
    following = NEXT_STATUS[BatchStatus(batch.status)]
    return dict(batch=batch, form=form or StatusForm(formdata=None),
                cancel_form=cancel_form or CancelForm(formdata=None),
                next_step=NEXT_STEP.get(BatchStatus(batch.status)),
                forward=[(status, label) for status, label in MOVE_ON.items()
                         if status in following],
                cancellable=BatchStatus.CANCELLED in following, **context)


def _changed_message(batch):
    return {
        BatchStatus.REGISTRATION: _("Pendaftaran dibuka. Langkah berikutnya: daftarkan peserta."),
        BatchStatus.RUNNING: _("Pelatihan dimulai. Langkah berikutnya: isi jurnal dan daftar "
                               "hadir setiap hari sesi."),
        BatchStatus.DONE: _("Paket selesai. Langkah berikutnya: sahkan asesmen dan terbitkan "
                            "sertifikat."),
        BatchStatus.CANCELLED: _("Paket dibatalkan."),
    }[BatchStatus(batch.status)]


@bp.post("/<int:batch_id>/status")
@roles_required(*OFFICE)
def change_status(batch_id):
    """Open registration, start, finish or cancel a batch (cancelling needs a reason)."""
    batch = _visible_or_404(batch_id)
    cancelling = request.form.get("status") == BatchStatus.CANCELLED
    form = CancelForm() if cancelling else StatusForm()
    if form.validate_on_submit():
        try:
            services.change_batch_status(batch, BatchStatus(form.status.data), current_user,
                                         form.note.data or "")
        except RuleError as error:
            form.note.errors.extend(error.messages)
        else:
            db.session.commit()
            flash(_changed_message(batch), "success")
            return fragment_or_redirect(
                url_for("batches.detail", batch_id=batch.id), "batches/detail.html", "status",
                show_messages=True, **_status_block(batch))
    forms = {"cancel_form" if cancelling else "form": form}
    return render("batches/detail.html", fragment="status", status_code=422,
                  **_status_block(batch, **forms))


@bp.get("/schedule")
@roles_required(*OFFICE)
def schedule_view():
    """Twelve months of bookings per MTU unit and per trainer, with the free periods between:
    from last month on (today in view, also on a phone), or a calendar year (?year=)."""
    today = local_today()
    year = parse_int(request.args.get("year"), 2000, 2100)
    window = schedule.Window.of_year(year) if year else schedule.Window.from_month_before(today)
    units = list(db.session.scalars(visible_units(current_user).order_by(Unit.code)))
    trainers = list(db.session.scalars(visible_trainers(current_user).order_by(Trainer.name)))
    return render("batches/schedule.html", year=year, window=window,
                  months=schedule.months(window), day=schedule.DAY_WIDTH,
                  unit_lanes=schedule.unit_lanes(units, window),
                  trainer_lanes=schedule.trainer_lanes(trainers, window),
                  without_unit=schedule.without_unit(current_user, window), today=today,
                  days_off=schedule.days_off(current_user, window))

