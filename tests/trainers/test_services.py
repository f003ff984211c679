"""Trainer and institute rules, called directly: scoping, districts, accounts, employers."""

import pytest

from mtu.authz import Role
from mtu.rules import RuleError
from mtu.trainers import services
from mtu.trainers.models import EmployerType
from mtu.trainers.services import InstituteData, TrainerData
from tests.factories import (
    CompanyFactory,
    CourseFactory,
    InstituteFactory,
    RegencyFactory,
    TrainerFactory,
    UserFactory,
    user_with_role,
)


@pytest.fixture
def district(db):
    """A staff member's district with one trainer and one institute, and another district's."""
    staff = user_with_role(Role.STAFF)
    own = TrainerFactory(regency=staff.regency, name="Sri")
    other = TrainerFactory(name="Endang")
    return staff, own, other


def _ids(statement, db):
    return sorted(row.id for row in db.session.scalars(statement))


def test_admins_see_every_trainer_and_institute(district, db):
    _staff, own, other = district
    admin = user_with_role(Role.ADMIN)
    assert _ids(services.visible_trainers(admin), db) == sorted([own.id, other.id])
    assert _ids(services.visible_institutes(admin), db) == sorted(
        [own.institute.id, other.institute.id])


def test_staff_see_only_their_district(district, db):
    staff, own, other = district
    assert _ids(services.visible_trainers(staff), db) == [own.id]
    assert _ids(services.visible_institutes(staff), db) == [own.institute.id]
    assert services.get_visible_trainer(staff, other.id) is None
    assert services.get_visible_institute(staff, other.institute.id) is None


def test_staff_of_another_district_see_none_of_it(district, db):
    _staff, own, _other = district
    stranger = user_with_role(Role.STAFF)
    assert _ids(services.visible_trainers(stranger), db) == []
    assert services.get_visible_institute(stranger, own.institute.id) is None


def test_a_trainer_sees_only_themself_and_no_institute(district, db):
    _staff, own, other = district
    account = user_with_role(Role.TRAINER)
    own.user = account
    db.session.commit()
    assert _ids(services.visible_trainers(account), db) == [own.id]
    assert services.get_visible_trainer(account, other.id) is None
    assert _ids(services.visible_institutes(account), db) == []
    assert services.trainer_of(account) == own


@pytest.mark.parametrize("role", [Role.VILLAGE, Role.COMPANY, Role.AGENCY])
def test_other_roles_see_no_trainers(district, db, role):
    assert _ids(services.visible_trainers(user_with_role(role)), db) == []


def test_the_list_filters_by_course_and_name(district, db):
    staff, own, _other = district
    batik = CourseFactory(name="Membatik")
    own.courses.append(batik)
    TrainerFactory(regency=staff.regency, name="Bambang")
    db.session.commit()
    names = [t.name for t in db.session.scalars(services.trainer_list_statement(staff))]
    assert names == ["Bambang", "Sri"]
    by_course = services.trainer_list_statement(staff, course_id=batik.id)
    assert [t.name for t in db.session.scalars(by_course)] == ["Sri"]
    by_name = services.trainer_list_statement(staff, text="BAMB")
    assert [t.name for t in db.session.scalars(by_name)] == ["Bambang"]


def _data(**overrides):
    values = dict(name=" Rina  Marlina ", employer_type=EmployerType.CONTRACT.value,
                  phone="081330001004")
    values.update(overrides)
    return TrainerData(**values)


def test_staff_record_trainers_in_their_own_district(db):
    staff = user_with_role(Role.STAFF)
    course = CourseFactory(name="Tata Boga")
    trainer = services.save_trainer(None, _data(course_ids=[course.id],
                                                regency=RegencyFactory()), staff)
    db.session.commit()
    assert trainer.regency == staff.regency  # whatever regency was passed
    assert trainer.name == "Rina Marlina" and trainer.courses == [course]


def test_admins_must_choose_a_regency(db):
    admin = user_with_role(Role.ADMIN)
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, _data(), admin)
    assert caught.value.errors == [("regency", "Pilih kabupaten/kota.")]
    regency = RegencyFactory()
    assert services.save_trainer(None, _data(regency=regency), admin).regency == regency


def test_an_institute_trainer_needs_an_institute_of_the_district(district, db):
    staff, own, other = district
    data = _data(employer_type=EmployerType.INSTITUTE.value)
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, data, staff)
    assert caught.value.errors == [("institute_id", "Pilih LPK tempat pelatih bekerja.")]
    data.institute_id = other.institute.id
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, data, staff)
    assert caught.value.errors == [("institute_id", "Pilihan tidak valid.")]
    data.institute_id = own.institute.id
    assert services.save_trainer(None, data, staff).institute == own.institute


def test_only_the_employer_of_the_chosen_type_is_kept(db):
    staff = user_with_role(Role.STAFF)
    company = CompanyFactory()
    institute = InstituteFactory(regency=staff.regency)
    trainer = services.save_trainer(None, _data(employer_type=EmployerType.COMPANY.value,
                                                company_id=company.id,
                                                institute_id=institute.id), staff)
    assert trainer.company == company and trainer.institute is None
    services.save_trainer(trainer, _data(employer_type=EmployerType.CIVIL_SERVANT.value,
                                         company_id=company.id), staff)
    assert trainer.company is None and trainer.employer_name == "ASN"


def test_a_company_trainer_needs_a_company(db):
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, _data(employer_type=EmployerType.COMPANY.value),
                              user_with_role(Role.STAFF))
    assert caught.value.errors == [("company_id", "Pilih perusahaan tempat pelatih bekerja.")]


def test_a_trainer_account_links_to_one_trainer_only(district, db):
    staff, own, _other = district
    account = UserFactory(trainer=True, regency=staff.regency)
    own.user = account
    db.session.commit()
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, _data(account_id=account.id), staff)
    assert caught.value.errors == [("account_id",
                                    "Akun ini sudah terhubung dengan pelatih lain.")]
    services.save_trainer(own, _data(account_id=account.id), staff)  # its own link stays
    assert own.user == account


def test_account_options_are_free_trainer_accounts_of_the_district(district, db):
    staff, own, _other = district
    free = UserFactory(trainer=True, regency=staff.regency, name="A Bebas")
    linked = UserFactory(trainer=True, regency=staff.regency, name="B Terpakai")
    elsewhere = UserFactory(trainer=True, regency=RegencyFactory(), name="C Lain")
    inactive = UserFactory(trainer=True, regency=staff.regency, active=False)
    UserFactory(staff=True, regency=staff.regency)  # not a trainer account
    own.user = linked
    db.session.commit()
    offered = _ids(services.account_options(staff), db)
    assert offered == [free.id]
    assert _ids(services.account_options(staff, own), db) == sorted([free.id, linked.id])
    admin = user_with_role(Role.ADMIN)
    assert _ids(services.account_options(admin), db) == sorted([free.id, elsewhere.id])
    assert inactive.id not in offered
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, _data(account_id=elsewhere.id), staff)
    assert caught.value.errors == [("account_id", "Pilih akun pelatih dari daftar.")]


def test_inactive_courses_are_offered_only_to_trainers_who_teach_them(db):
    active = CourseFactory(name="Aktif")
    retired = CourseFactory(name="Lama", active=False)
    trainer = TrainerFactory(courses=[retired])
    assert services.course_options() == [active]
    assert services.course_options(trainer) == [active, retired]
    with pytest.raises(RuleError) as caught:
        services.save_trainer(None, _data(course_ids=[retired.id]), user_with_role(Role.STAFF))
    assert caught.value.errors == [("course_ids", "Pilihan tidak valid.")]


def test_only_office_roles_may_change_trainers(district):
    _staff, own, _other = district
    with pytest.raises(RuleError):
        services.save_trainer(own, _data(), user_with_role(Role.TRAINER))


def test_institutes_are_saved_in_the_staff_district_with_unique_names(db):
    staff = user_with_role(Role.STAFF)
    institute = services.save_institute(None, InstituteData(name="LPK  Terampil",
                                                            phone="081234567890"), staff)
    db.session.commit()
    assert institute.regency == staff.regency and institute.name == "LPK Terampil"
    with pytest.raises(RuleError) as caught:
        services.save_institute(None, InstituteData(name="lpk terampil"), staff)
    assert caught.value.errors == [("name", "LPK dengan nama ini sudah terdaftar.")]
    with pytest.raises(RuleError) as caught:
        services.save_institute(None, InstituteData(name="LPK Baru"), user_with_role(Role.ADMIN))
    assert caught.value.errors == [("regency", "Pilih kabupaten/kota.")]


def test_trainer_counts_per_institute_in_one_query(db):
    institute = InstituteFactory()
    TrainerFactory(institute=institute, regency=institute.regency)
    TrainerFactory(institute=institute, regency=institute.regency)
    empty = InstituteFactory()
    assert services.trainer_counts([institute, empty]) == {institute.id: 2}
