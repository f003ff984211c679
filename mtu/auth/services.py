"""Rules about accounts: authentication, passwords, and who an account works for."""

import secrets
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from mtu.audit import services as audit_trail
from mtu.audit.models import AuditKind
from mtu.auth import passwords
from mtu.auth.models import User, new_session_token
from mtu.authz import ROLE_LABELS, Role
from mtu.clock import utc_now
from mtu.extensions import db
from mtu.listing import contains
from mtu.numbers import parse_id
from mtu.rules import RuleError, refuse_if


@cache
def _unknown_user_hash(method: str) -> str:
    """Checked when the email is unknown, so a wrong email costs as long as a wrong password."""
    return generate_password_hash(secrets.token_hex(16), method=method)

REQUIRED_SCOPE = {Role.STAFF: "regency", Role.VILLAGE: "village",
                  Role.COMPANY: "company_id", Role.AGENCY: "agency_id"}


def normalise_email(address: str) -> str:
    return address.strip().lower()


def find_by_email(address: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(address)))


def load_session_user(session_id: str) -> User | None:
    """The user of a session cookie's id, unless the account was deactivated or re-keyed."""
    user_id, _sep, token = session_id.partition(":")
    if (number := parse_id(user_id)) is None:
        return None
    user = db.session.get(User, number)
    if user is None or not user.active or not secrets.compare_digest(user.session_token, token):
        return None
    return user


def authenticate(address: str, password: str) -> User | None:
    """The active user with this email and password, else None."""
    user = find_by_email(address)
    if user is None:
        check_password_hash(_unknown_user_hash(current_app.config["PASSWORD_HASH_METHOD"]),
                            password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utc_now()
    return user


def change_password(user: User, current: str, new: str) -> str | None:
    """Set a new password; returns an error message when the current one is wrong."""
    if not user.check_password(current):
        return _("Kata sandi sekarang salah.")
    if current == new:
        return _("Kata sandi baru harus berbeda dari yang sekarang.")
    user.set_password(new)
    user.must_change_password = False
    audit_trail.record(AuditKind.ACCOUNT, user, account_id=user.id, what="password_change")
    return None


def reset_password(user: User, actor: User | None = None) -> str:
    """Give the user a random temporary password, to be changed at the next sign-in; the old
    one is never shown (only its hash is kept) and every session of the account ends. With
    `actor`, an admin's reset of an existing account, recorded in the trail."""
    temporary = secrets.token_urlsafe(9)
    user.set_password(temporary)
    user.must_change_password = True
    if actor is not None:
        audit_trail.record(AuditKind.ACCOUNT, actor, account_id=user.id, what="password_reset")
    return temporary


def create_partner_account(name: str, email: str, role: Role, actor: User | None = None,
                           **scope) -> tuple[User, str]:
    """An account for a partner's staff (a company's HR, an agency's officer), made from the
    partner's page, with a temporary password shown once; RuleError when the name is missing
    or the email is taken. `scope` ties it to its partner (company=…, agency=…, regency=…)."""
    errors = []
    name = " ".join(name.split())
    if not name:
        errors.append(("name", _("Wajib diisi.")))
    if email_taken(email):
        errors.append(("email", _("Email ini sudah dipakai akun lain.")))
    refuse_if(errors)
    account = User(name=name, email=normalise_email(email), role=Role(role).value, active=True,
                   password_hash="", **scope)
    db.session.add(account)
    temporary = reset_password(account)
    db.session.flush()
    audit_trail.record_account(actor, account, None, "create")
    return account, temporary


def set_active(user: User, active: bool) -> None:
    user.active = active
    if not active:
        user.session_token = new_session_token()


def scope_errors(form) -> dict[str, str]:
    """Which scope field the chosen role needs, and which it must leave empty."""
    role = Role(form.role.data)
    errors = {}
    needed = REQUIRED_SCOPE.get(role)
    if needed and not getattr(form, needed).data:
        errors[needed] = _("Wajib diisi untuk peran %(role)s.", role=ROLE_LABELS[role])
    return errors


def apply_form(user: User, form) -> None:
    """Copy the form onto the user, keeping only the scope fields the role uses."""
    role = Role(form.role.data)
    user.name = form.name.data.strip()
    user.email = normalise_email(form.email.data)
    user.role = role.value
    user.active = form.active.data
    user.regency = form.regency.region
    if role is Role.VILLAGE and user.regency is None and form.village.region is not None:
        user.regency = next(r for r in form.village.region.ancestors if r.level == "regency")
    user.village = form.village.region if role is Role.VILLAGE else None
    user.company_id = (form.company_id.data or None) if role is Role.COMPANY else None
    user.agency_id = (form.agency_id.data or None) if role is Role.AGENCY else None


def update_user(user: User, form, actor: User) -> None:
    """Save the form onto an account; admins may not demote or deactivate themselves."""
    if user.id == actor.id and (form.role.data != Role.ADMIN or not form.active.data):
        raise RuleError([("role", _("Anda tidak dapat mencabut peran admin atau menonaktifkan "
                                    "akun sendiri."))])
    was_active, before = user.active, audit_trail.account_snapshot(user)
    apply_form(user, form)
    if was_active and not user.active:
        set_active(user, False)
    audit_trail.record_account(actor, user, before, "update")


def toggle_active(user: User, actor: User) -> None:
    """Deactivate an active account (signing it out everywhere), or reactivate it."""
    if user.id == actor.id:
        raise RuleError(_("Anda tidak dapat menonaktifkan akun sendiri."))
    before = audit_trail.account_snapshot(user)
    set_active(user, not user.active)
    audit_trail.record_account(actor, user, before, "update")


def email_taken(address: str, exclude: User | None = None) -> bool:
    statement = select(User.id).where(User.email == normalise_email(address))
    if exclude is not None and exclude.id is not None:
        statement = statement.where(User.id != exclude.id)
    return db.session.scalar(statement) is not None


def create_user(form, actor: User | None = None) -> tuple[User, str]:
    """A new account from the form, with a temporary password to hand over once."""
    user = User(password_hash="")
    apply_form(user, form)
    db.session.add(user)
    temporary = reset_password(user)
    db.session.flush()
    audit_trail.record_account(actor, user, None, "create")
    return user, temporary




def create_admin(address: str, name: str, password: str) -> User:
    """A new, active admin account with the given password (for the first start-up)."""
    from email_validator import EmailNotValidError, validate_email

    name = (name or "").strip()
    try:
        address = validate_email((address or "").strip(), check_deliverability=False).normalized
    except EmailNotValidError:
        raise RuleError(_("Alamat email tidak valid.")) from None
    if not name:
        raise RuleError(_("Nama wajib diisi."))
    if len(name) > 120:
        raise RuleError(_("Nama paling banyak 120 karakter."))
    if found := passwords.problems(password or "", address):
        raise RuleError(found[0])
    if email_taken(address):
        raise RuleError(_("Email %(email)s sudah dipakai akun lain.",
                          email=normalise_email(address)))
    user = User(email=normalise_email(address), name=name, role=Role.ADMIN.value,
                password_hash="", active=True, must_change_password=False)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit_trail.record_account(None, user, None, "create")
    return user


def users_statement(text: str = "", role: str = ""):
    statement = select(User).order_by(User.name)
    if role in Role._value2member_map_:
        statement = statement.where(User.role == role)
    text = text.strip().lower()
    if text:
        statement = statement.where(contains(text, User.name, User.email))
    return statement
