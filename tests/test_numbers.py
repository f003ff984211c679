"""Numbers from URLs, query strings, form fields and field names: ASCII digits, in range.

Every URL rule with an integer part answers 404 for 2**31 and 10**20 on both databases (the
walk covers routes added later), and the code keeps reading numbers through mtu.numbers."""

import ast
import re
from pathlib import Path

import pytest
from flask import url_for
from werkzeug.routing import IntegerConverter

from mtu.authz import Role
from mtu.forms import Form, IntegerField
from mtu.numbers import MAX_ID, coerce_id, page_number, parse_id, parse_int
from tests.factories import BatchFactory, EnrolmentFactory, user_with_role

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MTU = Path(__file__).resolve().parent.parent / "mtu"


def arabic(number: int) -> str:
    return str(number).translate(ARABIC_INDIC)


# --- The helpers ----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["١٢", "²", "12²", "1_000", " ", "", "+5", "0x10", "1e3",
                                  "12.0", "9" * 19, "9" * 5000, None, 1.5, True])
def test_parse_int_refuses_anything_but_ascii_digits(text):
    assert parse_int(text) is None


def test_parse_int_reads_ascii_digits_within_bounds():
    assert parse_int("42") == 42 and parse_int(" 42 ") == 42 and parse_int("-3") == -3
    assert parse_int("0", 1) is None and parse_int("101", 0, 100) is None
    assert parse_int(7, 0, 10) == 7


def test_parse_id_is_one_to_the_integer_columns_maximum():
    assert parse_id(str(MAX_ID)) == MAX_ID
    for text in (str(MAX_ID + 1), str(10**20), "0", "-1", "١٢", "²", "abc", None):
        assert parse_id(text) is None, text


def test_coerce_id_accepts_the_none_choice_and_refuses_the_rest():
    assert coerce_id("0") == 0 and coerce_id("12") == 12 and coerce_id(5) == 5
    for text in ("١٢", "²", str(10**20), str(MAX_ID + 1), "-1", "", None):
        with pytest.raises(ValueError):
            coerce_id(text)


def test_page_number_turns_junk_into_page_one_and_caps_huge_pages():
    assert page_number("3") == 3
    for text in ("٣", "²", "0", "-2", "x", "", None):
        assert page_number(text) == 1, text
    assert 1 < page_number(str(10**20 - 1)[:18]) <= 100_000


class _Numbers(Form):
    class Meta:
        csrf = False

    hours = IntegerField("Jam")


@pytest.mark.parametrize("text", ["١٢", "²", str(10**20), str(2**31), "8.5", "delapan"])
def test_the_integer_field_refuses_non_ascii_and_out_of_range(app, text):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = _Numbers(formdata=MultiDict({"hours": text}))
        assert not form.validate()
        assert form.hours.errors == ["Harus berupa bilangan bulat."]
        assert form.hours.data is None


def test_the_integer_field_reads_ascii_digits(app):
    from werkzeug.datastructures import MultiDict

    with app.test_request_context():
        form = _Numbers(formdata=MultiDict({"hours": " 8 "}))
        assert form.validate() and form.hours.data == 8


# --- Every URL rule with an integer part -----------------------------------------------


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        if any(isinstance(c, IntegerConverter) for c in rule._converters.values()):
            yield rule


def _urls(app, rule, number):
    """The rule's URL with `number` in every integer part and harmless text elsewhere."""
    marker = 987654321
    values = {name: marker if isinstance(converter, IntegerConverter) else "2026-03-02"
              for name, converter in rule._converters.items()}
    with app.test_request_context():
        return url_for(rule.endpoint, **values).replace(str(marker), str(number))


def test_every_integer_url_part_uses_the_ascii_converter(app):
    from mtu.numbers import IdConverter

    rules = list(_int_rules(app))
    assert len(rules) >= 40
    for rule in rules:
        for converter in rule._converters.values():
            if isinstance(converter, IntegerConverter):
                assert isinstance(converter, IdConverter), rule.rule


@pytest.mark.parametrize("number", [2**31, 10**20, "١٢", "²"])
def test_every_integer_url_answers_404_for_ids_out_of_range(app, client, number):
    client.login(user_with_role(Role.ADMIN))
    token = client.csrf_token()
    checked = 0
    for rule in _int_rules(app):
        url = _urls(app, rule, number)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": token},
                                   headers={"X-CSRFToken": token})
            assert response.status_code in (404, 405), (method, url, response.status_code)
            checked += 1
    assert checked >= 40


def test_the_largest_id_is_a_plain_404_on_every_get_rule(app, client):
    client.login(user_with_role(Role.ADMIN))
    for rule in _int_rules(app):
        if "GET" in rule.methods:
            url = _urls(app, rule, MAX_ID)
            assert client.get(url).status_code == 404, url


# --- Query strings -----------------------------------------------------------------


LIST_PAGES = ["/batches/", "/proposals/", "/participants/", "/trainers/", "/courses/",
              "/fleet/", "/regions/", "/villages/", "/auth/users", "/proposals/queue",
              "/trainers/institutes"]


@pytest.mark.parametrize("page", [str(10**20), str(2**63), "٢", "²", "-1", "x"])
def test_list_pages_survive_any_page_number(client, page):
    client.login(user_with_role(Role.ADMIN))
    for path in LIST_PAGES:
        response = client.get(f"{path}?page={page}", follow_redirects=True)
        assert response.status_code == 200, (path, response.status_code)


@pytest.mark.parametrize("value", [str(10**20), str(2**31), "١٢", "²"])
def test_id_filters_in_query_strings_never_give_a_500(client, value):
    client.login(user_with_role(Role.ADMIN))
    for url in (f"/participants/new?batch={value}", f"/participants/lookup?nik=1&batch={value}",
                f"/batches/?year={value}", f"/batches/new?proposal={value}",
                f"/batches/schedule?year={value}", f"/proposals/?subdistrict={value}",
                f"/villages/?subdistrict={value}", f"/trainers/?course={value}"):
        response = client.get(url)
        assert response.status_code < 500, (url, response.status_code)


def test_a_non_ascii_batch_in_the_query_string_is_not_read_as_an_id(client, db):
    batch = BatchFactory()
    client.login(user_with_role(Role.STAFF, regency=batch.regency))
    page = client.get(f"/participants/new?batch={arabic(batch.id)}").get_data(as_text=True)
    assert f"batch={batch.id}" not in page


# --- Form fields that carry ids -------------------------------------------------------


@pytest.mark.parametrize("value", [str(10**20), str(2**31), "١", "²"])
def test_select_fields_carrying_ids_give_a_field_error(client, db, value):
    client.login(user_with_role(Role.ADMIN))
    response = client.post_form("/trainers/new", {
        "name": "Pak Budi", "employer_type": "institute", "institute_id": value,
        "company_id": value, "account_id": value, "course_ids": value})
    assert response.status_code == 422
    assert "Pilihan tidak valid." in response.get_data(as_text=True)


def test_facility_ticks_with_crafted_ids_are_404(client, db):
    enrolment = EnrolmentFactory()
    client.login(user_with_role(Role.STAFF, regency=enrolment.batch.regency))
    for value in (str(10**20), arabic(enrolment.id), "²"):
        response = client.post_form("/facilities/handovers", {
            "enrolment_id": value, "item_id": value, "handed": "1"})
        assert response.status_code == 404, value


# --- A guard against new code reading numbers the old way --------------------------------


FORBIDDEN = [
    (re.compile(r"coerce=int\b"), "use coerce=coerce_id (mtu.numbers)"),
    (re.compile(r"type=int\b"), "use mtu.numbers.arg_id/form_id/parse_int"),
    (re.compile(r"\.isdigit\(\)"), "str.isdigit() says yes to '²': use mtu.numbers"),
    (re.compile(r"\bint\(\s*(request\b|key\b|text\b|form\.)"), "int() reads '١٢': use mtu.numbers"),
]


def _wtforms_integer_fields(source: str) -> list[int]:
    """Lines importing or naming WTForms' own IntegerField."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wtforms"):
            if any(alias.name == "IntegerField" for alias in node.names):
                lines.append(node.lineno)
        elif isinstance(node, ast.Attribute) and node.attr == "IntegerField" \
                and isinstance(node.value, ast.Name | ast.Attribute) \
                and "wtforms" in ast.unparse(node.value):
            lines.append(node.lineno)
    return lines


def test_no_module_reads_numbers_the_old_way():
    offences = []
    for path in sorted(MTU.rglob("*.py")):
        if path.name == "numbers.py" and path.parent == MTU:
            continue
        source = path.read_text()
        if path != MTU / "forms.py":  # mtu.forms.IntegerField is built on it
            offences += [f"{path.relative_to(MTU.parent)}:{line}: use mtu.forms.IntegerField"
                         for line in _wtforms_integer_fields(source)]
        for pattern, advice in FORBIDDEN:
            for match in pattern.finditer(source):
                line = source.count("\n", 0, match.start()) + 1
                offences.append(f"{path.relative_to(MTU.parent)}:{line}: {advice}")
    assert not offences, "\n".join(offences)
