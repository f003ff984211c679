"""Pages stay within the byte budgets on a weak signal (numbers: `make weigh`)."""

import pytest

from mtu.demo.seed import DEMO_PASSWORD, seed_demo
from tests import weigh


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_demo_pages_fit_their_budgets(client, db, encoding):
    seed_demo()
    db.session.commit()
    weights = weigh.demo_weights(client, lambda email: client.post_form(
        "/auth/login", {"email": email, "password": DEMO_PASSWORD}), encoding)
    cold, rest = weights[0], weights[1:]
    assert cold.requests <= 3 and cold.bytes <= weigh.COLD_VISIT_BUDGET, cold
    for weight in rest:
        budget = weigh.FRAGMENT_BUDGET if "fragmen" in weight.label else weigh.FULL_PAGE_BUDGET
        if weight.label.startswith(cold.label):  # with a trainer's service worker
            budget = weigh.COLD_VISIT_BUDGET
        assert weight.bytes <= budget, weight
