"""Account rules, called directly."""

from mtu.auth import services
from mtu.auth.models import User
from mtu.authz import Role
from tests.factories import PASSWORD, UserFactory


def test_authenticate_accepts_the_right_password_and_any_email_case(db):
    user = UserFactory(email="ani@contoh.example")
    assert services.authenticate("  ANI@contoh.example ", PASSWORD) == user
    assert user.last_login_at is not None


def test_authenticate_refuses_wrong_password_unknown_email_and_inactive_users(db):
    user = UserFactory()
    assert services.authenticate(user.email, "salah") is None
    assert services.authenticate("tidak-ada@contoh.example", PASSWORD) is None
    user.active = False
    db.session.commit()
    assert services.authenticate(user.email, PASSWORD) is None


def test_passwords_are_stored_hashed(db):
    user = UserFactory()
    assert PASSWORD not in user.password_hash
    assert user.check_password(PASSWORD)


def test_changing_the_password_needs_the_current_one(db):
    user = UserFactory()
    assert services.change_password(user, "salah", "baru-sekali-1") == "Kata sandi sekarang salah."
    assert services.change_password(user, PASSWORD, PASSWORD) is not None
    token = user.session_token
    assert services.change_password(user, PASSWORD, "baru-sekali-1") is None
    assert user.check_password("baru-sekali-1")
    assert user.session_token != token


def test_reset_gives_a_temporary_password_that_must_be_changed(db):
    user = UserFactory()
    temporary = services.reset_password(user)
    assert len(temporary) >= 10 and user.check_password(temporary)
    assert user.must_change_password


def test_session_ids_stop_working_after_deactivation_or_a_new_password(db):
    user = UserFactory()
    session_id = user.get_id()
    assert services.load_session_user(session_id) == user
    services.set_active(user, False)
    db.session.commit()
    assert services.load_session_user(session_id) is None
    services.set_active(user, True)
    db.session.commit()
    assert services.load_session_user(user.get_id()) == user
    services.reset_password(user)
    assert services.load_session_user(session_id) is None


def test_session_ids_that_are_garbage_load_nobody(db):
    for session_id in ("", "abc", "1", "1:", "999:abc", "x:y"):
        assert services.load_session_user(session_id) is None


def test_users_search_matches_name_or_email_and_filters_by_role(db):
    UserFactory(name="Siti Aminah", email="siti@contoh.example", role=Role.ADMIN.value)
    UserFactory(name="Budi", email="budi@desa.example", staff=True)
    found = db.session.scalars(services.users_statement("aminah")).all()
    assert [u.name for u in found] == ["Siti Aminah"]
    found = db.session.scalars(services.users_statement("desa.example")).all()
    assert [u.name for u in found] == ["Budi"]
    assert db.session.scalars(services.users_statement("", "staff")).all()[0].name == "Budi"
    assert db.session.scalars(services.users_statement("100%")).all() == []


def test_email_taken_ignores_the_user_being_edited(db):
    user = UserFactory(email="a@contoh.example")
    assert services.email_taken("A@contoh.example")
    assert not services.email_taken("a@contoh.example", exclude=user)
    assert db.session.query(User).count() == 1
