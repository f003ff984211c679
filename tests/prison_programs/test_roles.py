"""Every programme page, for every kind of visitor: the roles it serves get it, the others
403, and those who may not see the programme, meeting or item behind a guessed id 404."""

import pytest

from mtu.authz import Role
from tests.factories import (
    ActionItemFactory,
    AgencyFactory,
    MeetingFactory,
    ProgrammeFactory,
    UserFactory,
    user_with_role,
)

WHO = ("admin", "staff", "other_staff", "agency", "other_agency", "trainer", "village",
       "company")
OK, NO, GONE = 200, 403, 404

# (method, url, answer per visitor in WHO's order); {p} the programme, {m} its meeting, {i}
# an item of the agency's own, {a} an agency of the programme's district.
PAGES = [
    ("GET", "/programmes/", (OK, OK, OK, OK, OK, NO, NO, NO)),
    ("GET", "/programmes/{p}", (OK, OK, GONE, OK, GONE, NO, NO, NO)),
    ("GET", "/programmes/new", (OK, OK, OK, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/new", (None, None, None, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/{p}/edit", (OK, OK, GONE, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/{p}/edit", (None, None, GONE, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/{p}/report.pdf", (OK, OK, GONE, OK, GONE, NO, NO, NO)),
    ("GET", "/programmes/agencies/", (OK, OK, OK, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/agencies/{a}", (OK, OK, OK, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/agencies/new", (OK, OK, OK, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/agencies/new", (None, None, None, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/agencies/{a}/edit", (OK, OK, NO, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/agencies/{a}/edit", (None, None, NO, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/{p}/meetings/new", (OK, OK, GONE, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/{p}/meetings/new", (None, None, GONE, NO, NO, NO, NO, NO)),
    ("GET", "/programmes/meetings/{m}", (OK, OK, GONE, OK, GONE, NO, NO, NO)),
    ("GET", "/programmes/meetings/{m}/edit", (OK, OK, GONE, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/meetings/{m}/edit", (None, None, GONE, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/meetings/{m}/actions", (None, None, GONE, NO, NO, NO, NO, NO)),
    ("POST", "/programmes/actions/{i}/status", (None, None, GONE, None, GONE, NO, NO, NO)),
    ("GET", "/programmes/actions", (NO, NO, NO, OK, OK, NO, NO, NO)),
    ("GET", "/programmes/actions/overdue", (OK, OK, OK, NO, NO, NO, NO, NO)),
]


def _visitor(setting, who):
    return {
        "admin": lambda: user_with_role(Role.ADMIN),
        "staff": lambda: setting.staff,
        "other_staff": lambda: UserFactory(staff=True),
        "agency": lambda: setting.agency_user,
        # an agency of another district's programme
        "other_agency": lambda: UserFactory(role="agency", agency=ProgrammeFactory().prison),
        "trainer": lambda: user_with_role(Role.TRAINER),
        "village": lambda: user_with_role(Role.VILLAGE),
        "company": lambda: user_with_role(Role.COMPANY),
    }[who]()


@pytest.mark.parametrize("who", WHO)
def test_each_page_answers_its_roles_and_refuses_the_others(client, db, setting, who):
    meeting = MeetingFactory(programme=setting.programme)
    item = ActionItemFactory(meeting=meeting, agency=setting.partners[0], status="open")
    agency = AgencyFactory(regency=setting.programme.regency)
    ids = {"p": setting.programme.id, "m": meeting.id, "i": item.id, "a": agency.id}
    client.login(_visitor(setting, who))
    column = WHO.index(who)
    for method, url, answers in PAGES:
        expected = answers[column]
        if expected is None:  # a write the visitor may make: tested with its page
            continue
        url = url.format(**ids)
        response = client.get(url) if method == "GET" else client.post_form(url, {})
        assert response.status_code == expected, (who, method, url)
    db.session.refresh(item)
    assert item.status == "open"
