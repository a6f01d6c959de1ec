"""Blueprint "saved_searches": staff save a search with its filters under a name, see what is
new for each since they last looked, rename, delete, and follow each as an Atom feed.

The feed, /saved/<id>/feed.atom?token=SECRET, needs no session (a feed reader polls it): the
secret token in its address is the only key, and a wrong or missing one is a 404 that tells
nothing. Everything else is for the saved search's owner only (others get the same 404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for

from indexer import (
    FILTER_FIELDS,
    SavedSearch,
    add_saved_search,
    atom_feed,
    feed_matches,
    get_saved_search,
    list_saved_searches,
    mark_seen,
    new_matches,
    remove_saved_search,
    rename_saved_search,
    reset_feed_token,
    saved_search_for_feed,
)
from webui.auth import current_account, staff_required
from webui.resources import get_engine, get_store
from webui.search_params import SearchParams, parse_search_args

bp = Blueprint("saved_searches", __name__)

NEW_MATCHES_SHOWN = 50
MAX_TOKEN_CHARS = 100
FEED_MEDIA_TYPE = "application/atom+xml"


def _owner_name() -> str:
    user = current_account()
    assert user is not None  # staff_required ran first
    return str(user.name)


def _own_or_404(saved_id: int) -> SavedSearch:
    """The signed-in user's saved search; 404 for anyone else's, as for one that is gone."""
    saved = get_saved_search(get_store(), saved_id)
    if saved is None or saved.user_name.casefold() != _owner_name().casefold():
        abort(404, description="There is no such saved search.")
    return saved


def search_params(saved: SavedSearch) -> SearchParams:
    """The search page's parameters for a saved search."""
    return SearchParams(
        q=saved.query,
        filters={key: value for key, value in saved.filters.items() if key in FILTER_FIELDS},
        date_from=saved.filters.get("date_from", ""),
        date_to=saved.filters.get("date_to", ""),
    )


def feed_url(saved: SavedSearch) -> str:
    """The feed's absolute address, secret token included."""
    return request.host_url.rstrip("/") + saved.feed_path()


def _form_name(field: str = "name") -> str:
    value = request.form.get(field, "")
    if len(value) > 1000 or "\x00" in value:
        abort(400, description="A name takes at most 100 characters.")
    return value


def _changed(change: Any, anchor: int | None = None) -> Any:
    """Run a change, then back to the list (the library's refusals: webui.errors)."""
    change()
    return redirect(url_for("saved_searches.saved_list", _anchor=anchor and f"saved-{anchor}"), 303)


@bp.get("/saved")
@staff_required
def saved_list() -> Any:
    store, engine = get_store(), get_engine()
    items = []
    for saved in list_saved_searches(store, _owner_name()):
        alert = new_matches(engine, store, saved, limit=1)
        items.append((saved, alert.total_documents, search_params(saved).url()))
    return render_template("tools/saved_list.html", items=items, feed_url=feed_url)


@bp.post("/saved")
@staff_required
def create() -> Any:
    """Save the search of the results page (q, filters, from, to) under `name`."""
    params = parse_search_args(request.form)
    filters = dict(params.filters)
    filters.update(date_from=params.date_from, date_to=params.date_to)
    saved = add_saved_search(get_store(), _owner_name(), _form_name(), params.q, filters)
    return redirect(url_for("saved_searches.saved_list", _anchor=f"saved-{saved.saved_id}"), 303)


@bp.get("/saved/<int64:saved_id>")
@staff_required
def saved_view(saved_id: int) -> Any:
    """What is new for a saved search since its owner last looked; looking marks it seen."""
    saved = _own_or_404(saved_id)
    alert = new_matches(get_engine(), get_store(), saved, limit=NEW_MATCHES_SHOWN)
    mark_seen(get_store(), saved.saved_id, alert.until_run)
    return render_template(
        "tools/saved_view.html",
        saved=saved,
        alert=alert,
        search_url=search_params(saved).url(),
        feed_url=feed_url(saved),
    )


@bp.post("/saved/<int64:saved_id>/rename")
@staff_required
def rename(saved_id: int) -> Any:
    saved = _own_or_404(saved_id)
    name = _form_name()
    return _changed(lambda: rename_saved_search(get_store(), saved.saved_id, name), saved_id)


@bp.post("/saved/<int64:saved_id>/delete")
@staff_required
def delete(saved_id: int) -> Any:
    saved = _own_or_404(saved_id)
    return _changed(lambda: remove_saved_search(get_store(), saved.user_name, saved.name))


@bp.post("/saved/<int64:saved_id>/token")
@staff_required
def new_token(saved_id: int) -> Any:
    """A new secret for the feed: the old feed address stops working at once."""
    saved = _own_or_404(saved_id)
    return _changed(lambda: reset_feed_token(get_store(), saved.saved_id), saved_id)


@bp.get("/saved/<int64:saved_id>/feed.atom")
def feed(saved_id: int) -> Any:
    """The Atom feed of a saved search's new documents, for a feed reader (no session)."""
    token = request.args.get("token", "")[:MAX_TOKEN_CHARS]
    saved = saved_search_for_feed(get_store(), saved_id, token) if token else None
    if saved is None:
        abort(404, description="There is no such feed.")
    matches = feed_matches(get_engine(), get_store(), saved)
    body = atom_feed(saved, matches, base_url=request.host_url)
    response = Response(body, mimetype=FEED_MEDIA_TYPE)
    response.headers["Content-Type"] = f"{FEED_MEDIA_TYPE}; charset=utf-8"
    # The address is a secret: no shared cache may keep the feed.
    response.headers["Cache-Control"] = "private, no-cache"
    return response
