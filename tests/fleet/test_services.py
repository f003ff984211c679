"""MTU unit rules, called directly: scoping, districts, unique codes, status."""

import pytest

from mtu.authz import Role
from mtu.fleet import services
from mtu.fleet.models import UnitStatus
from mtu.fleet.services import UnitData
from mtu.rules import RuleError
from tests.factories import (
    CourseFactory,
    EquipmentFactory,
    RegencyFactory,
    UnitFactory,
    UserFactory,
    user_with_role,
)


def _ids(statement, db):
    return sorted(unit.id for unit in db.session.scalars(statement))


def test_units_are_scoped_to_the_district(db):
    staff = user_with_role(Role.STAFF)
    own, other = UnitFactory(regency=staff.regency), UnitFactory()
    assert _ids(services.visible_units(user_with_role(Role.ADMIN)), db) == sorted(
        [own.id, other.id])
    assert _ids(services.visible_units(staff), db) == [own.id]
    assert services.get_visible_unit(staff, other.id) is None
    assert _ids(services.visible_units(user_with_role(Role.STAFF)), db) == []
    assert _ids(services.visible_units(UserFactory(trainer=True, regency=staff.regency)),
                db) == []
    assert _ids(services.visible_units(user_with_role(Role.VILLAGE)), db) == []


def test_the_list_searches_code_name_and_plate_and_filters_by_status(db):
    admin = user_with_role(Role.ADMIN)
    UnitFactory(code="MTU-01", name="Garmen", plate="N 8101 XA")
    UnitFactory(code="MTU-02", name="Boga", plate="N 8102 XA",
                status=UnitStatus.MAINTENANCE.value)

    def codes(**filters):
        return [u.code for u in db.session.scalars(services.list_statement(admin, **filters))]

    assert codes() == ["MTU-01", "MTU-02"]
    assert codes(text="boga") == ["MTU-02"] and codes(text="8101") == ["MTU-01"]
    assert codes(status="maintenance") == ["MTU-02"] and codes(status="rusak") == codes()


def _data(**overrides):
    values = dict(code=" mtu-03 ", name="MTU Teknik", plate="n 8103  xa", home_base="BLK")
    values.update(overrides)
    return UnitData(**values)


def test_staff_register_units_in_their_district_with_normalised_codes(db):
    staff = user_with_role(Role.STAFF)
    welder = EquipmentFactory(name="Mesin las")
    unit = services.save_unit(None, _data(equipment_ids=[welder.id], regency=RegencyFactory()),
                              staff)
    db.session.commit()
    assert unit.regency == staff.regency and unit.status == UnitStatus.READY
    assert (unit.code, unit.plate, unit.equipment) == ("MTU-03", "N 8103 XA", [welder])


def test_admins_choose_the_regency(db):
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(RuleError) as caught:
        services.save_unit(None, _data(), admin)
    assert caught.value.errors == [("regency", "Pilih kabupaten/kota.")]


def test_unit_codes_are_unique_ignoring_case(db):
    staff = user_with_role(Role.STAFF)
    existing = UnitFactory(code="MTU-03")
    with pytest.raises(RuleError) as caught:
        services.save_unit(None, _data(), staff)
    assert caught.value.errors == [("code", "Kode unit MTU-03 sudah dipakai.")]
    services.save_unit(existing, _data(regency=existing.regency), user_with_role(Role.ADMIN))


def test_unknown_equipment_and_status_are_refused(db):
    with pytest.raises(RuleError) as caught:
        services.save_unit(None, _data(equipment_ids=[999], status="rusak"),
                           user_with_role(Role.STAFF))
    assert [field for field, _message in caught.value.errors] == ["status", "equipment_ids"]


def test_status_is_set_not_flipped(db):
    unit = UnitFactory()
    services.set_status(unit, UnitStatus.MAINTENANCE)
    services.set_status(unit, UnitStatus.MAINTENANCE)
    assert unit.status == "maintenance" and unit.status_label == "Perawatan"


def test_courses_served_are_those_whose_equipment_the_unit_carries(db):
    oven, mixer, welder = (EquipmentFactory(name=n) for n in ("Oven", "Mixer", "Mesin las"))
    bread = CourseFactory(name="Roti", equipment=[oven, mixer])
    CourseFactory(name="Las", equipment=[welder])
    CourseFactory(name="Tanpa alat")
    CourseFactory(name="Kue lama", equipment=[oven], active=False)
    unit = UnitFactory(equipment=[oven, mixer])
    assert services.courses_served(unit) == [bread]
