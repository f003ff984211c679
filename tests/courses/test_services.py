"""Course catalogue rules, called directly."""

import pytest
from sqlalchemy import select

from mtu.courses import services
from mtu.courses.models import CompetencyUnit, Course, Equipment
from mtu.courses.services import CourseData
from mtu.rules import RuleError
from tests.factories import CompetencyUnitFactory, CourseFactory, EquipmentFactory


def _messages(error: RuleError) -> list[str]:
    return [message for _field, message in error.errors]


@pytest.mark.parametrize("line", [
    "JHT.01 — Mengukur badan", "JHT.01—Mengukur badan", "JHT.01 – Mengukur badan",
    "JHT.01 - Mengukur badan", "JHT.01\tMengukur badan", "  JHT.01 \t Mengukur badan  ",
])
def test_each_separator_is_accepted(line):
    assert services.parse_competency_units(line) == [("JHT.01", "Mengukur badan")]


def test_hyphens_inside_codes_and_titles_stay():
    text = "TIK-01 - Merakit komputer - tingkat dasar\n\nTIK-02 — Instalasi jaringan\n"
    assert services.parse_competency_units(text) == [
        ("TIK-01", "Merakit komputer - tingkat dasar"), ("TIK-02", "Instalasi jaringan")]


def test_bad_lines_are_reported_by_number_in_indonesian():
    text = "JHT.01 — Mengukur badan\nhanya judul tanpa kode\n\nJHT.01 - Lagi\n — tanpa kode"
    with pytest.raises(RuleError) as caught:
        services.parse_competency_units(text)
    messages = _messages(caught.value)
    assert len(messages) == 3
    assert messages[0].startswith("Baris 2: tulis kode dan judul")
    assert messages[1] == "Baris 4: kode JHT.01 sudah ada di baris 1."
    assert messages[2].startswith("Baris 5:")
    assert {field for field, _message in caught.value.errors} == {"units_text"}


def test_too_long_codes_and_titles_are_refused():
    with pytest.raises(RuleError) as caught:
        services.parse_competency_units(f"{'K' * 41} — Judul\nA — {'x' * 201}")
    assert _messages(caught.value) == ["Baris 1: kode paling banyak 40 karakter.",
                                       "Baris 2: judul paling banyak 200 karakter."]


def test_many_bad_lines_are_summarised():
    with pytest.raises(RuleError) as caught:
        services.parse_competency_units("\n".join(["salah"] * 15))
    messages = _messages(caught.value)
    assert len(messages) == 11 and messages[-1] == "… dan 5 baris lain yang juga salah."


def test_equipment_names_are_split_and_deduplicated_ignoring_case():
    assert services.split_equipment_names(" Mesin las, mesin LAS,,  Gerinda  tangan , ") == [
        "Mesin las", "Gerinda tangan"]


def test_new_equipment_is_created_once_and_existing_found_whatever_the_case(db):
    welder = EquipmentFactory(name="Mesin las")
    oven = EquipmentFactory(name="Oven")
    chosen = services.equipment_for([oven.id], "mesin LAS, Gerinda, gerinda, oven")
    db.session.commit()
    assert [item.name for item in chosen] == ["Gerinda", "Mesin las", "Oven"]
    assert chosen[1] is welder
    assert sorted(db.session.scalars(select(Equipment.name))) == ["Gerinda", "Mesin las", "Oven"]


def test_unknown_equipment_ids_and_long_names_are_refused(db):
    with pytest.raises(RuleError) as caught:
        services.equipment_for([999], "")
    assert caught.value.errors == [("equipment_ids", "Pilihan tidak valid.")]
    with pytest.raises(RuleError) as caught:
        services.equipment_for([], "x" * 81)
    assert caught.value.errors[0][0] == "new_equipment"


def test_a_course_is_created_with_units_in_order_and_equipment(db):
    oven = EquipmentFactory(name="Oven")
    course = services.save_course(None, CourseData(
        name="  Pembuatan  Roti ", sector="Boga", hours=200,
        units_text="RTI.02 — Membuat adonan\nRTI.01 — Keamanan pangan",
        equipment_ids=[oven.id], new_equipment="Mixer"))
    db.session.commit()
    assert course.name == "Pembuatan Roti" and course.active
    assert course.duration_days == 30 and course.package_size == 16
    assert [(u.code, u.title, u.position) for u in course.units] == [
        ("RTI.02", "Membuat adonan", 1), ("RTI.01", "Keamanan pangan", 2)]
    assert [item.name for item in course.equipment] == ["Mixer", "Oven"]
    assert services.format_competency_units(course) == (
        "RTI.02 — Membuat adonan\nRTI.01 — Keamanan pangan")


def test_editing_units_keeps_the_rows_of_codes_that_stay(db):
    course = CourseFactory(name="Menjahit")
    kept = CompetencyUnitFactory(course=course, code="JHT.01", title="Lama", position=1)
    CompetencyUnitFactory(course=course, code="JHT.02", title="Dihapus", position=2)
    services.save_course(course, CourseData(
        name="Menjahit", units_text="JHT.03 — Baru\njht.01 — Judul baru"))
    db.session.commit()
    rows = db.session.execute(select(CompetencyUnit.id, CompetencyUnit.code, CompetencyUnit.title,
                                     CompetencyUnit.position)
                              .order_by(CompetencyUnit.position)).all()
    assert [tuple(row)[1:] for row in rows] == [("JHT.03", "Baru", 1),
                                                ("jht.01", "Judul baru", 2)]
    assert rows[1].id == kept.id


def test_names_are_unique_ignoring_case_and_every_problem_is_reported(db):
    CourseFactory(name="Membatik")
    with pytest.raises(RuleError) as caught:
        services.save_course(None, CourseData(name="membatik", units_text="tanpa pemisah"))
    fields = [field for field, _message in caught.value.errors]
    assert fields == ["name", "units_text"]
    assert _messages(caught.value)[0] == "Kejuruan dengan nama ini sudah ada."
    assert db.session.scalar(select(Course).where(Course.name == "membatik")) is None


def test_a_course_may_keep_its_own_name(db):
    course = CourseFactory(name="Sulam")
    services.save_course(course, CourseData(name="SULAM", hours=160))
    db.session.commit()
    assert course.name == "SULAM" and course.hours == 160


def test_deactivated_courses_leave_the_offer_but_stay_listed(db):
    sewing, batik = CourseFactory(name="Menjahit"), CourseFactory(name="Membatik")
    services.set_active(batik, False)
    db.session.commit()
    assert services.active_courses() == [sewing]
    listed = db.session.scalars(services.list_statement()).all()
    assert listed == [batik, sewing]


def test_the_list_searches_name_and_sector(db):
    CourseFactory(name="Las Listrik", sector="Teknik")
    CourseFactory(name="Tata Boga", sector="Pariwisata")

    def names(text):
        return [course.name for course in db.session.scalars(services.list_statement(text))]

    assert names("las") == ["Las Listrik"]
    assert names("PARIWISATA") == ["Tata Boga"]
    assert names("100%") == []
