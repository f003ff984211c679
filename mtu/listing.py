"""List views: the search box's text, the match on it and one page of results, the same on
every list."""

from dataclasses import dataclass
from math import ceil

from flask import request
from sqlalchemy import or_

from mtu.extensions import db
from mtu.numbers import page_number

SEARCH_LENGTH = 100
SEARCH_ARG = "q"  # the search box of every list


def search_arg(name: str = SEARCH_ARG) -> str:
    """The search box's text from the query string, trimmed, at most 100 characters."""
    return request.args.get(name, "").strip()[:SEARCH_LENGTH]


def paginate(statement):
    """One page of `statement`: ?page= read safely, PER_PAGE rows, past the end an empty page."""
    return db.paginate(statement)


@dataclass
class ListPage:
    """One page of a list held in memory, in the shape the pagination macro expects."""

    items: list
    page: int
    pages: int
    total: int = 0

    has_prev = property(lambda self: self.page > 1)
    has_next = property(lambda self: self.page < self.pages)
    prev_num = property(lambda self: self.page - 1)
    next_num = property(lambda self: self.page + 1)


def page_of(items: list, size: int) -> ListPage:
    """The ?page= page of `items` (rows checked in memory, not a query), `size` at a time;
    past the end, the last page."""
    pages = max(1, ceil(len(items) / size))
    number = min(max(page_number(), 1), pages)
    start = (number - 1) * size
    return ListPage(items[start:start + size], number, pages, len(items))


def contains(text: str, *columns):
    """Any of `columns` contains `text`, ignoring case; % and _ in `text` match themselves."""
    return or_(*(column.icontains(text, autoescape=True) for column in columns))
