"""A form field that picks a region by name (with a datalist) or by its Kemendagri code."""

import re

from flask_babel import lazy_gettext as _l
from wtforms import StringField, ValidationError
from wtforms.validators import Optional

from mtu.regions import services
from mtu.regions.models import Level

CODE_IN_BRACKETS = re.compile(r"\[([0-9.]+)\]\s*$")


def region_choice_label(region) -> str:
    """What the datalist offers and the field shows: 'Bulukandang, Lumbang, … [35.14.04.2002]'."""
    return f"{region.full_name} [{region.code}]"


class RegionField(StringField):
    """Text input resolved to a Region of one level; `.region` holds the match after validation."""

    def __init__(self, label=None, level: Level = Level.VILLAGE, **kwargs):
        super().__init__(label, **kwargs)
        self.level = Level(level)
        self.region = None

    def process_data(self, value):
        # Filled from an object: the stored Region becomes its display label.
        self.region = value if value is not None and hasattr(value, "code") else None
        self.data = region_choice_label(value) if self.region else (value or "")

    def pre_validate(self, form):
        text = (self.data or "").strip()
        self.region = None
        if not text:
            return
        match = CODE_IN_BRACKETS.search(text)
        code = match.group(1) if match else text
        region = services.find_by_code(code, self.level)
        if region is None:
            region = services.find_by_exact_name(text, self.level)
        if region is None:
            raise ValidationError(_l("%(level)s tidak ditemukan. Pilih dari daftar atau ketik "
                                     "kodenya.", level=self.level.label))
        self.region = region
        self.data = region_choice_label(region)

    def populate_obj(self, obj, name):
        setattr(obj, name, self.region)


__all__ = ["RegionField", "Optional", "region_choice_label"]
