"""The report filters: year or period, place, vocation, funding source and venue type, read
from the query string and applied to any dataset's statement."""

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from wtforms import DateField, SelectField

from mtu.auth.models import User
from mtu.authz import Role
from mtu.batches.models import FUNDING_LABELS, Batch
from mtu.courses.services import active_courses
from mtu.forms import Form, IntegerField, number_range, optional
from mtu.numbers import coerce_id
from mtu.proposals.models import VENUE_LABELS
from mtu.regions.forms import RegionField
from mtu.regions.models import Level, Region


class FilterForm(Form):
    """GET filters; no CSRF token: the answer is a file or a count and changes nothing."""

    class Meta:
        csrf = False

    year = IntegerField(_l("Tahun"), [optional(), number_range(2000, 2100)])
    start = DateField(_l("Dari tanggal"), [optional()])
    end = DateField(_l("Sampai tanggal"), [optional()])
    regency = RegionField(_l("Kabupaten/kota"), level=Level.REGENCY)
    subdistrict = RegionField(_l("Kecamatan"), level=Level.SUBDISTRICT)
    village = RegionField(_l("Desa/kelurahan"), level=Level.VILLAGE)
    course = SelectField(_l("Kejuruan"), coerce=coerce_id, validate_choice=False, default=0)
    funding = SelectField(_l("Sumber dana"), default="")
    venue = SelectField(_l("Jenis tempat"), default="")

    def __init__(self, user: User, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if user.role != Role.ADMIN:
            del self.regency
        self.course.choices = [(0, _("Semua kejuruan"))] + [
            (course.id, course.name) for course in active_courses()]
        self.funding.choices = [("", _("Semua sumber dana"))] + [
            (key.value, label) for key, label in FUNDING_LABELS.items()]
        self.venue.choices = [("", _("Semua jenis tempat"))] + [
            (key.value, label) for key, label in VENUE_LABELS.items()]

    def validate_end(self, field):
        if field.data and self.start.data and field.data < self.start.data:
            from wtforms import ValidationError

            raise ValidationError(_l("Tanggal akhir sebelum tanggal awal."))

    def filters(self) -> "Filters | None":
        """What was chosen; None when a field is invalid (the page says why)."""
        if not self.validate():
            return None
        regency = getattr(self, "regency", None)
        return Filters(year=self.year.data, start=self.start.data, end=self.end.data,
                       regency=regency.region if regency is not None else None,
                       subdistrict=self.subdistrict.region, village=self.village.region,
                       course_id=self.course.data or None, funding=self.funding.data or "",
                       venue=self.venue.data or "",
                       course_name=dict(self.course.choices).get(self.course.data, ""))


@dataclass
class Filters:
    year: int | None = None
    start: date | None = None
    end: date | None = None
    regency: Region | None = None
    subdistrict: Region | None = None
    village: Region | None = None
    course_id: int | None = None
    funding: str = ""
    venue: str = ""
    course_name: str = ""

    def on_batches(self, statement):
        """Narrow a statement that joins Batch to the chosen year, period, district,
        vocation, funding source and venue type."""
        if self.year:
            statement = statement.where(Batch.year == self.year)
        if self.start:
            statement = statement.where(Batch.end_date >= self.start)
        if self.end:
            statement = statement.where(Batch.start_date <= self.end)
        if self.regency is not None:
            statement = statement.where(Batch.regency_id == self.regency.id)
        if self.course_id:
            statement = statement.where(Batch.course_id == self.course_id)
        if self.funding:
            statement = statement.where(Batch.funding == self.funding)
        if self.venue:
            statement = statement.where(Batch.venue_type == self.venue)
        return statement

    def on_place(self, statement, village_column):
        """Narrow to the chosen village or sub-district, by `village_column` (a person's home
        village, or a batch's venue)."""
        if self.village is not None:
            statement = statement.where(village_column == self.village.id)
        elif self.subdistrict is not None:
            statement = statement.where(village_column.in_(
                select(Region.id).where(Region.parent_id == self.subdistrict.id)))
        return statement

    def describe(self) -> str:
        """'Tahun 2026 · Kejuruan Sulam · …' for the export log and the files' names."""
        parts = []
        if self.year:
            parts.append(_("Tahun %(year)d", year=self.year))
        if self.start or self.end:
            parts.append(_("Periode %(start)s–%(end)s", start=self.start or "", end=self.end or ""))
        for region in (self.regency, self.subdistrict, self.village):
            if region is not None:
                parts.append(region.name)
        if self.course_id:
            parts.append(self.course_name)
        if self.funding:
            parts.append(str(FUNDING_LABELS[self.funding]))
        if self.venue:
            parts.append(str(VENUE_LABELS[self.venue]))
        return " · ".join(parts)[:400]
