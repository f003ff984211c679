"""The route table: every endpoint and the roles it lets in; every other role is refused (403)
and anonymous visitors are sent to the sign-in page, unless the route is PUBLIC.

tests/test_access.py checks the app against this table, both ways: a route missing here (or a
name left here after its route went) fails, a view whose declared audience (@roles_required,
@any_role, @public) differs from its line fails, and every route is requested by every role
and by an anonymous visitor, who must get what the line says.

Adding a route: add one line "blueprint.endpoint": {ROLES...}, in alphabetical order.
`python -m tests.access_matrix` prints the table as a grid of routes × roles.
"""

from mtu.authz import Role

ADMIN, STAFF, TRAINER, VILLAGE, COMPANY, AGENCY = (
    Role.ADMIN, Role.STAFF, Role.TRAINER, Role.VILLAGE, Role.COMPANY, Role.AGENCY)
EVERY_ROLE = frozenset(Role)
PUBLIC = "public"

ROUTES = {
    "aftercare.index": {ADMIN, STAFF, AGENCY},
    "aftercare.person": {ADMIN, STAFF, AGENCY},
    "aftercare.update": {ADMIN, STAFF, AGENCY},
    "attendance.all_present": {ADMIN, STAFF, TRAINER},
    "attendance.day": {ADMIN, STAFF, TRAINER},
    "attendance.journal": {ADMIN, STAFF, TRAINER},
    "attendance.mark": {ADMIN, STAFF, TRAINER},
    "attendance.missing": {ADMIN, STAFF},
    "attendance.recap": {ADMIN, STAFF, TRAINER},
    "attendance.sheet": {ADMIN, STAFF, TRAINER},
    "attendance.today": {ADMIN, STAFF, TRAINER},
    "attendance.token": {ADMIN, STAFF, TRAINER},
    "attendance.week": {ADMIN, STAFF, TRAINER},
    "audit.index": {ADMIN},
    "auth.change_password": EVERY_ROLE,
    "auth.create_user": {ADMIN},
    "auth.login": PUBLIC,
    "auth.logout": EVERY_ROLE,
    "auth.reset_password": {ADMIN},
    "auth.toggle_active": {ADMIN},
    "auth.update_user": {ADMIN},
    "auth.users": {ADMIN},
    "batches.change_status": {ADMIN, STAFF},
    "batches.create": {ADMIN, STAFF},
    "batches.detail": {ADMIN, STAFF, TRAINER, VILLAGE},
    "batches.index": {ADMIN, STAFF, TRAINER, VILLAGE},
    "batches.schedule_view": {ADMIN, STAFF},
    "batches.session_days": {ADMIN, STAFF},
    "batches.update": {ADMIN, STAFF},
    "calendar.create": {ADMIN, STAFF},
    "calendar.delete": {ADMIN, STAFF},
    "calendar.index": {ADMIN, STAFF},
    "candidates.done": {ADMIN, STAFF, VILLAGE},
    "candidates.enrol": {ADMIN, STAFF},
    "candidates.index": {ADMIN, STAFF, VILLAGE},
    "candidates.remove": {ADMIN, STAFF, VILLAGE},
    "candidates.residents": {ADMIN, STAFF, VILLAGE},
    "candidates.save": {ADMIN, STAFF, VILLAGE},
    "candidates.upload": {ADMIN, STAFF, VILLAGE},
    "certificates.assessment": {ADMIN, STAFF, TRAINER},
    "certificates.batch": {ADMIN, STAFF},
    "certificates.batch_pdf": {ADMIN, STAFF},
    "certificates.confirm": {ADMIN, STAFF},
    "certificates.issue": {ADMIN, STAFF},
    "certificates.pdf": {ADMIN, STAFF},
    "certificates.revoke": {ADMIN, STAFF},
    "companies.add_agreement": {ADMIN, STAFF},
    "companies.create": {ADMIN, STAFF},
    "companies.create_account": {ADMIN, STAFF},
    "companies.detail": {ADMIN, STAFF, COMPANY},
    "companies.index": {ADMIN, STAFF},
    "companies.update": {ADMIN, STAFF},
    "courses.create": {ADMIN},
    "courses.detail": {ADMIN, STAFF},
    "courses.index": {ADMIN, STAFF},
    "courses.toggle_active": {ADMIN},
    "courses.update": {ADMIN},
    "credentials.check": PUBLIC,
    "credentials.check_form": PUBLIC,
    "credentials.did_document": PUBLIC,
    "credentials.download": PUBLIC,
    "credentials.jwks": PUBLIC,
    "credentials.status_list": PUBLIC,
    "csr.create": {ADMIN, STAFF},
    "csr.delete": {ADMIN, STAFF},
    "csr.update": {ADMIN, STAFF},
    "dashboard.index": {ADMIN, STAFF, VILLAGE, COMPANY},
    "facilities.create": {ADMIN, STAFF},
    "facilities.delete": {ADMIN, STAFF},
    "facilities.fill_standard": {ADMIN, STAFF},
    "facilities.index": {ADMIN, STAFF},
    "facilities.receipt": {ADMIN, STAFF},
    "facilities.toggle": {ADMIN, STAFF},
    "fleet.create": {ADMIN, STAFF},
    "fleet.detail": {ADMIN, STAFF},
    "fleet.index": {ADMIN, STAFF},
    "fleet.toggle_status": {ADMIN, STAFF},
    "fleet.update": {ADMIN, STAFF},
    "home.healthz": PUBLIC,
    "home.index": EVERY_ROLE,
    "job_fairs.create": {ADMIN, STAFF},
    "job_fairs.detail": {ADMIN, STAFF, COMPANY},
    "job_fairs.index": {ADMIN, STAFF, COMPANY},
    "job_fairs.outcome": {ADMIN, STAFF},
    "job_fairs.register": {ADMIN, STAFF},
    "job_fairs.update": {ADMIN, STAFF},
    "participants.accept": {ADMIN, STAFF},
    "participants.anonymise": {ADMIN, STAFF},
    "participants.create": {ADMIN, STAFF},
    "participants.detail": {ADMIN, STAFF},
    "participants.enrol": {ADMIN, STAFF},
    "participants.import_cancel": {ADMIN, STAFF},
    "participants.import_confirm": {ADMIN, STAFF},
    "participants.import_done": {ADMIN, STAFF},
    "participants.import_preview": {ADMIN, STAFF},
    "participants.import_rejected": {ADMIN, STAFF},
    "participants.import_template": {ADMIN, STAFF},
    "participants.import_upload": {ADMIN, STAFF},
    "participants.index": {ADMIN, STAFF},
    "participants.lookup": {ADMIN, STAFF},
    "participants.roster": {ADMIN, STAFF, TRAINER},
    "participants.subject_copy": {ADMIN, STAFF},
    "participants.subject_copy_pdf": {ADMIN, STAFF},
    "participants.subject_page": {ADMIN, STAFF},
    "participants.update": {ADMIN, STAFF},
    "participants.views": {ADMIN, STAFF},
    "participants.withdraw": {ADMIN, STAFF},
    "placements.batch": {ADMIN, STAFF},
    "placements.create": {ADMIN, STAFF, COMPANY},
    "placements.create_vacancy": {ADMIN, STAFF, COMPANY},
    "placements.detail": {ADMIN, STAFF, COMPANY},
    "placements.follow_up": {ADMIN, STAFF},
    "placements.index": {ADMIN, STAFF, COMPANY},
    "placements.vacancies": {ADMIN, STAFF, COMPANY},
    "placements.vacancy": {ADMIN, STAFF, COMPANY},
    "portal.batch": {ADMIN, COMPANY},
    "portal.batches": {COMPANY},
    "portal.export_graduates": {COMPANY},
    "portal.follow_up": {ADMIN, STAFF},
    "portal.graduates": {COMPANY},
    "portal.interests": {ADMIN, STAFF, COMPANY},
    "portal.mark_interest": {COMPANY},
    "prison_programs.actions": {AGENCY},
    "prison_programs.agencies": {ADMIN, STAFF},
    "prison_programs.agency": {ADMIN, STAFF},
    "prison_programs.create": {ADMIN, STAFF},
    "prison_programs.create_account": {ADMIN, STAFF},
    "prison_programs.create_action": {ADMIN, STAFF},
    "prison_programs.create_agency": {ADMIN, STAFF},
    "prison_programs.create_meeting": {ADMIN, STAFF},
    "prison_programs.detail": {ADMIN, STAFF, AGENCY},
    "prison_programs.index": {ADMIN, STAFF, AGENCY},
    "prison_programs.meeting": {ADMIN, STAFF, AGENCY},
    "prison_programs.overdue": {ADMIN, STAFF},
    "prison_programs.report": {ADMIN, STAFF, AGENCY},
    "prison_programs.update": {ADMIN, STAFF},
    "prison_programs.update_action": {ADMIN, STAFF, AGENCY},
    "prison_programs.update_agency": {ADMIN, STAFF},
    "prison_programs.update_meeting": {ADMIN, STAFF},
    "proposals.create": {ADMIN, STAFF, VILLAGE},
    "proposals.detail": {ADMIN, STAFF, VILLAGE},
    "proposals.index": {ADMIN, STAFF, VILLAGE},
    "proposals.queue": {ADMIN, STAFF},
    "proposals.reject": {ADMIN, STAFF},
    "proposals.update": {ADMIN, STAFF, VILLAGE},
    "proposals.verify": {ADMIN, STAFF},
    "regions.detail": {ADMIN, STAFF},
    "regions.index": {ADMIN, STAFF},
    "regions.suggest": EVERY_ROLE,
    "reports.annual": {ADMIN, STAFF},
    "reports.completion": {ADMIN, STAFF},
    "reports.download": {ADMIN, STAFF, VILLAGE},
    "reports.index": {ADMIN, STAFF, VILLAGE},
    "reports.log": {ADMIN, STAFF},
    "service_worker": PUBLIC,
    "trainers.create": {ADMIN, STAFF},
    "trainers.create_institute": {ADMIN, STAFF},
    "trainers.detail": {ADMIN, STAFF, TRAINER},
    "trainers.index": {ADMIN, STAFF},
    "trainers.institutes": {ADMIN, STAFF},
    "trainers.update": {ADMIN, STAFF},
    "trainers.update_institute": {ADMIN, STAFF},
    "verification.check": PUBLIC,
    "verification.detail": PUBLIC,
    "verification.index": PUBLIC,
    "villages.detail": {ADMIN, STAFF, VILLAGE},
    "villages.index": {ADMIN, STAFF, VILLAGE},
}


def allowed(endpoint: str, role: Role | None) -> bool:
    """Whether the table lets this role (None: an anonymous visitor) use the endpoint."""
    access = ROUTES[endpoint]
    if access == PUBLIC:
        return True
    return role is not None and role in access


def grid() -> str:
    """The table as text: one row per route, one column per role, ✓ allowed, · refused."""
    columns = [*Role, None]
    width = max(map(len, ROUTES))
    head = " ".join(f"{(role or 'anon')[:5]:>5}" for role in columns)
    rows = [f"{'':{width}} {head}"]
    for endpoint in sorted(ROUTES):
        marks = " ".join(f"{'✓' if allowed(endpoint, role) else '·':>5}" for role in columns)
        rows.append(f"{endpoint:{width}} {marks}")
    return "\n".join(rows)


if __name__ == "__main__":
    print(grid())
