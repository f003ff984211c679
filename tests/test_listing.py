"""The list views' shared pieces: the search text, the match on it and the page."""

from sqlalchemy import select

from mtu.courses.models import Course
from mtu.listing import contains, paginate, search_arg
from tests.factories import CourseFactory


def test_search_arg_is_trimmed_and_bounded(app):
    with app.test_request_context("/?q=%20%20las%20&other=" + "x" * 300):
        assert search_arg() == "las"
        assert search_arg("other") == "x" * 100
        assert search_arg("missing") == ""


def test_contains_ignores_case_and_matches_wildcards_literally(db):
    CourseFactory(name="Diskon 100% Las", sector="Las_Listrik")
    CourseFactory(name="Tata Boga", sector="Pariwisata")

    def names(text):
        statement = select(Course).where(contains(text, Course.name, Course.sector))
        return sorted(course.name for course in db.session.scalars(statement))

    assert names("100%") == ["Diskon 100% Las"]
    assert names("s_l") == ["Diskon 100% Las"]
    assert names("s%l") == []
    assert names("BOGA") == ["Tata Boga"]
    assert names("wisata") == ["Tata Boga"]


def test_paginate_reads_junk_pages_as_the_first(app, db):
    CourseFactory(name="Las Listrik")
    with app.test_request_context("/?page=abc"):
        page = paginate(select(Course))
        assert page.page == 1 and [course.name for course in page.items] == ["Las Listrik"]
