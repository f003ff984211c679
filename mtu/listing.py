"""List views: the search box's text, the match on it and one page of results, the same on
every list."""

from flask import request
from sqlalchemy import or_

from mtu.extensions import db

SEARCH_LENGTH = 100


def search_arg(name: str = "q") -> str:
    """The search box's text from the query string, trimmed, at most 100 characters."""
    return request.args.get(name, "").strip()[:SEARCH_LENGTH]


def paginate(statement):
    """One page of `statement`: ?page= read safely, PER_PAGE rows, past the end an empty page."""
    return db.paginate(statement)


def contains(text: str, *columns):
    """Any of `columns` contains `text`, ignoring case; % and _ in `text` match themselves."""
    return or_(*(column.icontains(text, autoescape=True) for column in columns))
