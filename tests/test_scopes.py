"""Object-level access for every scoped role, on the demo plus a second company and a second
programme: a guessed id of anything outside the account's scope looks like no id at all (404, or
403) on every route that takes one — pages, htmx fragments, files and posts — and no list,
search, export or page of the account's own objects names a person outside its scope.

What "outside the scope" means comes from the services' own scoping (visible_batches(),
visible_participants(), ...): this checks that every view goes through them; their rules are
tested beside each service.
"""

import json
import re
from datetime import date, timedelta

import pytest
from flask import url_for
from sqlalchemy import select, union
from werkzeug.routing import IntegerConverter

from mtu.aftercare.models import Aftercare
from mtu.aftercare.services import followable
from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import Batch
from mtu.batches.services import visible_batches
from mtu.calendar.models import DayOff
from mtu.calendar.services import visible_days_off
from mtu.certificates.models import Certificate
from mtu.clock import local_today
from mtu.companies.models import Company
from mtu.companies.services import visible_companies
from mtu.csr.models import Contribution
from mtu.csr.services import visible_contributions
from mtu.demo.seed import DEMO_PASSWORD
from mtu.facilities.models import FacilityItem
from mtu.fleet.models import Unit
from mtu.fleet.services import visible_units
from mtu.job_fairs.models import JobFair, Registration
from mtu.job_fairs.services import visible_fairs
from mtu.participants.models import Enrolment, Participant, ParticipantImport
from mtu.participants.services import visible_participants
from mtu.placements.models import FollowUp, Placement, Vacancy
from mtu.placements.services import visible_placements, visible_vacancies
from mtu.portal.models import Interest
from mtu.portal.services import shown_certificate_ids, shown_graduates, visible_interests
from mtu.prison_programs.agencies import visible_agencies
from mtu.prison_programs.meeting_services import visible_items, visible_meetings
from mtu.prison_programs.models import ActionItem, Agency, Meeting, Programme
from mtu.prison_programs.services import visible_programmes
from mtu.proposals.models import Proposal, ProposalCandidate
from mtu.proposals.services import visible_proposals
from mtu.regions.models import Region
from mtu.trainers.models import Institute, Trainer
from mtu.trainers.services import visible_institutes, visible_trainers
from mtu.villages.services import visible_villages
from tests.access_matrix import allowed
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    CompanyFactory,
    MeetingFactory,
    PartnerFactory,
    ProgrammeFactory,
)

ACCOUNTS = ["staf@demo.example", "malang@demo.example", "pelatih@demo.example",
            "desa@demo.example", "mitra@demo.example", "dinas@demo.example"]
SAMPLES = 3  # invisible ids tried per kind: the lowest, one in the middle, the highest
UNSCOPED = {"region_id", "course_id", "user_id"}  # reference data, or admins only


def _ids(statement, model) -> set[int]:
    return set(db_session().scalars(select(model.id).where(
        model.id.in_(statement.with_only_columns(model.id).order_by(None).scalar_subquery()))))


def db_session():
    from mtu.extensions import db

    return db.session


def _within(model, column, ids_statement):
    return select(model).where(column.in_(ids_statement))


def _batch_ids(user):
    return visible_batches(user).with_only_columns(Batch.id).order_by(None).scalar_subquery()


def _kinds(user: User) -> dict[str, tuple]:
    """Converter name → (model, the select() of what the user may reach)."""
    batches = _batch_ids(user)
    proposals = visible_proposals(user).with_only_columns(Proposal.id).order_by(None)
    fairs = visible_fairs(user).with_only_columns(JobFair.id).order_by(None)
    placements = visible_placements(user).with_only_columns(Placement.id).order_by(None)
    aftercare = select(Aftercare).where(Aftercare.participant_id.in_(
        followable(user).with_only_columns(Participant.id).order_by(None).scalar_subquery()))
    if user.role == Role.AGENCY:
        aftercare = aftercare.where(Aftercare.agency_id == user.agency_id)
    return {
        "batch_id": (Batch, visible_batches(user)),
        "participant_id": (Participant, visible_participants(user)),
        "aftercare.participant_id": (Participant, followable(user)),
        "proposal_id": (Proposal, visible_proposals(user)),
        "candidate_id": (ProposalCandidate, _within(
            ProposalCandidate, ProposalCandidate.proposal_id, proposals.scalar_subquery())),
        "programme_id": (Programme, visible_programmes(user)),
        "meeting_id": (Meeting, visible_meetings(user)),
        "agency_id": (Agency, visible_agencies(user)),
        "company_id": (Company, visible_companies(user)),
        "trainer_id": (Trainer, visible_trainers(user)),
        "institute_id": (Institute, visible_institutes(user)),
        "unit_id": (Unit, visible_units(user)),
        "fair_id": (JobFair, visible_fairs(user)),
        "registration_id": (Registration, _within(
            Registration, Registration.job_fair_id, fairs.scalar_subquery())),
        "contribution_id": (Contribution, visible_contributions(user)),
        "placement_id": (Placement, visible_placements(user)),
        "placements.follow_up_id": (FollowUp, _within(
            FollowUp, FollowUp.placement_id, placements.scalar_subquery())),
        "aftercare.follow_up_id": (Aftercare, aftercare),
        "vacancy_id": (Vacancy, visible_vacancies(user)),
        "interest_id": (Interest, visible_interests(user)),
        "village_id": (Region, visible_villages(user)),
        "certificate_id": (Certificate, select(Certificate).join(Certificate.enrolment)
                           .where(Enrolment.batch_id.in_(batches))),
        "portal.certificate_id": (Certificate, select(Certificate).where(
            Certificate.id.in_(shown_certificate_ids()))),
        "enrolment_id": (Enrolment, _within(Enrolment, Enrolment.batch_id, batches)),
        "import_id": (ParticipantImport, _within(
            ParticipantImport, ParticipantImport.batch_id, batches)),
        "facilities.item_id": (FacilityItem, _within(
            FacilityItem, FacilityItem.batch_id, batches)),
        "prison_programs.item_id": (ActionItem, visible_items(user)),
        "day_off_id": (DayOff, visible_days_off(user)),
    }


def _kind_of(kinds: dict, endpoint: str, argument: str) -> str:
    blueprint = endpoint.split(".")[0]
    for key in (f"{blueprint}.{argument}", argument):
        if key in kinds:
            return key
    raise AssertionError(f"{endpoint}: which objects does <int:{argument}> name? "
                         "add it to tests/test_scopes.py _kinds()")


def _sample(ids) -> list[int]:
    ids = sorted(ids)
    if len(ids) <= SAMPLES:
        return ids
    return [ids[0], ids[len(ids) // 2], ids[-1]]


def add_other_partners(db):
    """What the demo has one of: a second company (a vacancy, a CSR contribution, an interest
    in a graduate, a job fair in Malang with a registration); a second programme in Pasuruan
    whose agency has a meeting and an action item; a staged import and a proposal candidate."""
    first = db.session.scalar(select(User.id).order_by(User.id).limit(1))
    company = CompanyFactory(name="PT Asing Sentosa")
    malang = db.session.scalar(select(Region).where(Region.code == "35.07"))
    pasuruan = db.session.scalar(select(Region).where(Region.code == "35.14"))
    certificate = db.session.scalar(select(Certificate).where(
        Certificate.id.in_(shown_certificate_ids())).order_by(Certificate.id.desc()).limit(1))
    fair = JobFair(regency_id=malang.id, held_on=local_today(), place="GOR Asing",
                   companies=[company])
    batch = db.session.scalar(select(Batch).where(Batch.regency_id == malang.id).limit(1))
    desa = db.session.scalar(select(User).where(User.email == "desa@demo.example"))
    proposals = [db.session.scalar(select(Proposal).where(condition).limit(1)) for condition in (
        Proposal.regency_id != pasuruan.id, Proposal.village_id != desa.village_id)]
    db.session.add_all([
        fair,
        Vacancy(company_id=company.id, position="Operator Asing", openings=2,
                closing_date=local_today() + timedelta(days=30), created_by_id=first),
        Contribution(company_id=company.id, regency_id=malang.id, kind="money",
                     amount=1_000_000, given_on=local_today()),
        Interest(company_id=company.id, participant_id=certificate.enrolment.participant_id,
                 certificate_id=certificate.id),
        DayOff(day=local_today(), regency_id=malang.id, kind="regional", reason="Asing"),
        ParticipantImport(batch_id=batch.id, filename="asing.csv", rows_json=json.dumps({
            "rows": [], "blank_lines": 0, "notices": [], "outcome": None})),
    ])
    db.session.add_all(
        ProposalCandidate(proposal_id=proposal.id, nik="3514040101900001",
                          full_name="Calon Asing", gender="M", birth_date=date(1990, 1, 1),
                          education="senior", employment="unemployed")
        for proposal in proposals if proposal is not None)
    db.session.flush()
    db.session.add(Registration(job_fair_id=fair.id, company_id=company.id,
                                participant_id=certificate.enrolment.participant_id))
    agency = AgencyFactory(name="Dinas Asing Kab. Pasuruan")
    programme = ProgrammeFactory(regency=pasuruan, name="Program Asing Pasuruan")
    PartnerFactory(programme=programme, agency=agency)
    ActionItemFactory(meeting=MeetingFactory(programme=programme), agency=agency)
    db.session.commit()


def _sign_in(client, email):
    client.login(type("Account", (), {"email": email}), DEMO_PASSWORD)
    return db_session().scalar(select(User).where(User.email == email))


def _guesses(app, user):
    """(endpoint, method, url) for every route the role may use with an id it may not reach:
    each argument in turn takes the sampled ids outside its scope, the others one inside."""
    kinds = _kinds(user)
    reach = {}
    for name, (model, statement) in kinds.items():
        every = set(db_session().scalars(select(model.id)))
        inside = _ids(statement, model)
        reach[name] = (sorted(inside), _sample(every - inside))
    today = local_today().isoformat()
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or not allowed(rule.endpoint, Role(user.role)):
            continue
        numbers = [name for name, converter in rule._converters.items()
                   if isinstance(converter, IntegerConverter)]
        if not numbers or set(numbers) & UNSCOPED:
            continue
        for guessed in numbers:
            inside, outside = reach[_kind_of(kinds, rule.endpoint, guessed)]
            for number in outside:
                values = {}
                for name in rule._converters:
                    if name == guessed:
                        values[name] = number
                    elif name in numbers:
                        own, other = reach[_kind_of(kinds, rule.endpoint, name)]
                        values[name] = (own or other or [1])[0]
                    else:
                        values[name] = today
                with app.test_request_context():
                    url = url_for(rule.endpoint, **values)
                for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                    yield rule.endpoint, method, url


def _people_outside(user: User) -> list[str]:
    """Names and NIKs of people the account may not see, none shared with one it may."""
    if user.role == Role.COMPANY:
        inside = union(
            shown_graduates().with_only_columns(Participant.id).order_by(None),
            select(Enrolment.participant_id).join(Placement)
            .where(Placement.company_id == user.company_id),
            select(Enrolment.participant_id).where(Enrolment.batch_id.in_(_batch_ids(user))))
        inside_ids = set(db_session().scalars(inside))
    else:
        inside_ids = _ids(visible_participants(user), Participant)
    if user.role == Role.STAFF:  # a vacancy lists the graduates every company may see
        inside_ids |= set(db_session().scalars(
            shown_graduates().with_only_columns(Participant.id).order_by(None)))
    people = db_session().execute(select(Participant.id, Participant.full_name,
                                         Participant.nik)).all()
    seen = {name for id_, name, _ in people if id_ in inside_ids}
    outside = [(name, nik) for id_, name, nik in people
               if id_ not in inside_ids and name not in seen]
    return [name for name, _ in outside] + [nik for _, nik in outside]


ATTRIBUTE = re.compile(r'="[^"]*"')
SEARCHED = ("q", "nama", "nik")
FILTERS = ("regency", "subdistrict", "village", "course", "batch", "programme", "company",
           "agency", "fair")


def _lists(app, user, markers, foreign):
    """Every GET route of the role without an id, searched for outsiders' names and filtered
    to another's places; the reports' files too."""
    query = {name: markers[0] for name in SEARCHED}
    query.update({name: foreign for name in FILTERS})
    for rule in app.url_map.iter_rules():
        if (rule.endpoint == "static" or "GET" not in rule.methods or rule.arguments
                or not allowed(rule.endpoint, Role(user.role))):
            continue
        with app.test_request_context():
            yield url_for(rule.endpoint)
            yield url_for(rule.endpoint, **query)
            yield url_for(rule.endpoint, q=markers[-1])
    for dataset in ("participants", "batches", "attendance", "results", "placements"):
        yield f"/reports/download?export={dataset}.csv&year={date.today().year}"
        yield f"/reports/download?export={dataset}.csv&village={foreign}&regency={foreign}"


def _own_pages(app, user):
    """Every GET route of the role with ids, filled with ids the account may reach."""
    kinds = _kinds(user)
    today = local_today().isoformat()
    for rule in app.url_map.iter_rules():
        if (rule.endpoint == "static" or "GET" not in rule.methods or not rule.arguments
                or rule.rule.endswith(".pdf") or not allowed(rule.endpoint, Role(user.role))):
            continue  # PDFs: their text is compressed (their own tests read them)
        numbers = [name for name, converter in rule._converters.items()
                   if isinstance(converter, IntegerConverter)]
        if set(numbers) & UNSCOPED:
            continue
        values = {}
        for name in rule._converters:
            if name in numbers:
                model, statement = kinds[_kind_of(kinds, rule.endpoint, name)]
                values[name] = _sample(_ids(statement, model))
            else:
                values[name] = [today]
        if all(values.values()):
            for index in range(2):
                chosen = {name: ids[min(index, len(ids) - 1)] for name, ids in values.items()}
                with app.test_request_context():
                    yield url_for(rule.endpoint, **chosen)


@pytest.mark.parametrize("email", ACCOUNTS)
def test_an_account_reaches_nobody_outside_its_scope(app, client, demo_world, email):
    """Guessed ids first; then lists, searches, exports and the account's own pages."""
    user = _sign_in(client, email)
    _check_guessed_ids(app, client, user, email)
    markers = _people_outside(user)
    assert len(markers) >= 4, email
    others = db_session().scalars(select(Region.id).where(Region.level == "village")
                                  .where(~Region.id.in_(visible_villages(user).with_only_columns(
                                      Region.id).order_by(None).scalar_subquery()))).first()
    seen = 0
    urls = [(url, htmx) for url in _lists(app, user, markers, others or 1)
            for htmx in (False, True)] + [(url, False) for url in _own_pages(app, user)]
    for url, htmx in dict.fromkeys(urls):
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        assert response.status_code < 500, (email, url, response.status_code)
        if not response.mimetype.startswith("text/"):
            continue  # PDFs and XLSX: their text is compressed (the exports' tests read them)
        # Attribute values echo the search typed (the box, the links keeping it): not a leak.
        body = ATTRIBUTE.sub('=""', response.get_data(as_text=True))
        leaked = [marker for marker in markers if marker in body]
        assert not leaked, (email, url, htmx, leaked[:3])
        seen += response.status_code == 200
    assert seen >= 5, email


def _check_guessed_ids(app, client, user, email):
    """Every guessed id outside the scope answers 404 or 403, as a page, a fragment or a post."""
    token = client.csrf_token()
    tried = set()
    for endpoint, method, url in _guesses(app, user):
        for headers in ({}, {"HX-Request": "true", "X-CSRFToken": token}):
            response = client.open(url, method=method, headers=headers,
                                   data={"csrf_token": token})
            assert response.status_code in (403, 404), (
                email, method, url, bool(headers), response.status_code)
        tried.add(endpoint)
    assert len(tried) >= (60 if user.role == Role.STAFF else 5), tried
