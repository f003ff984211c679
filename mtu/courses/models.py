"""Vocations offered: the course catalogue."""

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from mtu.extensions import db


class Course(db.Model):
    __tablename__ = "courses"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    sector: Mapped[str] = mapped_column(String(80), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)

    def __repr__(self):
        return f"<Course {self.name}>"
