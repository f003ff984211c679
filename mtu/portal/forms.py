"""The portal's one form: interest in a graduate."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField

from mtu.forms import CreateForm, max_length, optional


class InterestForm(CreateForm):
    note = TextAreaField(_l("Catatan untuk Disnaker"), [optional(), max_length(500)],
                         render_kw={"rows": 2})
