"""The one shape of a refusal: a service raises RuleError, the view puts it on the form.

`errors` are (form field name or None, Indonesian message) pairs; None means the form as a
whole. A message alone (`RuleError("…")`, or strings in the list) is about the whole form.
"""

from collections.abc import Iterable


class RuleError(Exception):
    """A rule refused the change; every message says why, in Indonesian."""

    def __init__(self, errors: str | Iterable[tuple[str | None, str]]):
        if isinstance(errors, str):
            errors = [errors]
        self.errors = [(None, item) if isinstance(item, str) else tuple(item) for item in errors]
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [message for _field, message in self.errors]


def refuse_if(errors: list[tuple[str | None, str]]) -> None:
    """Raise the collected errors, if there are any."""
    if errors:
        raise RuleError(errors)
