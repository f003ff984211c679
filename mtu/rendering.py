"""One place that decides between a full page and an htmx fragment.

A view renders its page template and names the block that htmx swaps; an htmx request gets
that block alone, every other request (including htmx's boosted navigation and history
restores, which need whole pages) gets the page. The htmx-flask dependency stays in this module.
"""

from flask import make_response, redirect, render_template, request
from htmx_flask import make_response as htmx_make_response
from jinja2_fragments.flask import render_block


def wants_fragment() -> bool:
    """True for an htmx request that will swap part of the current page."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(template: str, fragment: str | None = None, status_code: int = 200, trigger=None,
           oob: tuple[str, ...] = (), **context):
    """Render the page, or just its `fragment` block for htmx, with the right Vary header.

    `oob` names further blocks sent along with the fragment; they are rendered with `oob=True`
    and mark themselves `hx-swap-oob`, so htmx puts each in its own place on the page.
    """
    if fragment and wants_fragment():
        body = render_block(template, fragment, **context) + "".join(
            render_block(template, block, **context, oob=True) for block in oob)
    else:
        body = render_template(template, **context)
    if trigger:
        response = htmx_make_response(body, status=status_code, trigger=trigger)
    else:
        response = make_response(body, status_code)
    response.vary.add("HX-Request")
    return response


def redirect_for_htmx(url: str):
    """Send an htmx request to another page (htmx follows HX-Redirect with a full load)."""
    response = make_response("", 204)
    response.headers["HX-Redirect"] = url
    response.vary.add("HX-Request")
    return response


def fragment_or_redirect(url: str, template: str, fragment: str, oob: tuple[str, ...] = (),
                         **context):
    """After a POST: htmx gets the changed fragment, a plain form post a redirect to `url`."""
    if wants_fragment():
        return render(template, fragment=fragment, oob=oob, **context)
    response = redirect(url)
    response.vary.add("HX-Request")
    return response


def render_form(template: str, form, fragment: str | None = None, **context):
    """Render a page holding `form`: 422 when it carries errors (the fields or the form's own),
    200 otherwise."""
    status_code = 422 if form.errors or form.form_errors else 200
    return render(template, fragment=fragment, status_code=status_code, form=form, **context)
