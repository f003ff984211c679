"""Who opens each reports page, role by role (tests/test_access.py checks the anonymous)."""

import pytest

from mtu.authz import Role
from tests.factories import BatchFactory, user_with_role

EXPORTERS = {Role.ADMIN, Role.STAFF, Role.VILLAGE}
OFFICE = {Role.ADMIN, Role.STAFF}
# Each page and the roles it opens for: every other role gets 403.
PAGES = {
    "/reports/": EXPORTERS,
    "/reports/?year=2026": EXPORTERS,
    "/reports/download?export=batches.csv": EXPORTERS,
    "/reports/download?export=participants.xlsx": EXPORTERS,
    "/reports/log": OFFICE,
    "/reports/annual.pdf?year=2026": OFFICE,
    "/reports/batches/{batch}/completion.pdf": OFFICE,
}


@pytest.mark.parametrize("role", list(Role))
def test_each_reports_page_opens_for_its_roles_and_refuses_the_others(client, db, role):
    batch = BatchFactory(status="done")
    client.login(user_with_role(role, **({"regency": batch.regency}
                                         if role is Role.STAFF else {})))
    for url, roles in PAGES.items():
        url = url.format(batch=batch.id)
        assert client.get(url).status_code == (200 if role in roles else 403), (url, role)


def test_a_completion_report_of_another_district_or_no_batch_is_404(client, db):
    staff = user_with_role(Role.STAFF)
    client.login(staff)
    for batch_id in (BatchFactory(status="done").id, 2147483647):
        assert client.get(f"/reports/batches/{batch_id}/completion.pdf").status_code == 404
