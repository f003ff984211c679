"""User accounts."""

import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from mtu.authz import ROLE_LABELS, Role
from mtu.companies.models import Company
from mtu.extensions import db
from mtu.prison_programs.models import Agency
from mtu.regions.models import Region


def new_session_token() -> str:
    return secrets.token_hex(16)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # Changes whenever the password changes or the account is deactivated, which ends every
    # session signed in with the old one (it is part of the id kept in the session cookie).
    session_token: Mapped[str] = mapped_column(String(32), default=new_session_token)
    regency_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    village_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id"), index=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("companies.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    last_login_at: Mapped[datetime | None]
    # The language of the pages for this user (mtu.i18n.LOCALES), chosen by the user.
    locale: Mapped[str] = mapped_column(String(5), default="id", server_default="id")

    regency: Mapped[Region | None] = relationship(foreign_keys=[regency_id])
    village: Mapped[Region | None] = relationship(foreign_keys=[village_id])
    company: Mapped[Company | None] = relationship()
    agency: Mapped[Agency | None] = relationship()

    def __repr__(self):
        return f"<User {self.email} {self.role}>"

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def role_label(self):
        return ROLE_LABELS[Role(self.role)]

    @property
    def scope_label(self) -> str:
        """The village, company, agency or office this account works for."""
        entity = self.village or self.company or self.agency or self.regency
        if entity is None:
            return ""
        return entity.full_name if isinstance(entity, Region) else entity.name

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def set_password(self, password: str) -> None:
        method = current_app.config["PASSWORD_HASH_METHOD"]
        self.password_hash = generate_password_hash(password, method=method)
        self.session_token = new_session_token()

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)
