"""The changes feed: what changed in the records of every child the caller may read, since their cursor."""

from __future__ import annotations

from flask import Flask
from flask.views import MethodView
from flask_babel import force_locale

from core.models import Person
from core.sync import changes as feed
from webui.api import caller, documented, make_blueprint, query_args
from webui.api.schemas import ChangeOut, ChangesPageOut
from webui.api.timeline import readable_entry
from webui.database import get_db

blueprint = make_blueprint("changes", "Keeping a copy in step: every change after your cursor, once each.")


@blueprint.route("/changes")
class Changes(MethodView):
    @blueprint.doc(parameters=[{"in": "query", "schema": feed.ChangesQuery}])
    @blueprint.response(200, ChangesPageOut)
    @documented(blueprint, 400)
    def get(self):
        """Entries (new, corrected, withdrawn, acknowledged), meetings and plans changed after
        ``cursor``, in the order the changes were made, each once, as it is now. Keep
        ``next_cursor`` and ask with it next time, at once while ``more`` is true: no change is
        skipped or repeated, back-dated ones included (``since`` on a timeline goes by when
        things happened, so it misses those). A plan is named, to be read at its child's plan.
        ``child_erased`` says a child's case was erased: drop everything of that child."""
        page = feed.read_changes(get_db(), caller(), query_args(feed.ChangesQuery))
        return {
            "changes": [_as_read(change, page.sees_assessment_details) for change in page.changes],
            "next_cursor": str(page.next_cursor),
            "more": page.more,
        }


def _as_read(change: feed.Change, sees_assessment_details: bool) -> dict:
    record = change.record
    if change.kind == "child_erased":
        return {"sequence": change.sequence, "kind": change.kind, "id": record.child_id, "child_id": record.child_id,
                "entry": None, "meeting": None, "plan": None}
    if change.kind == "entry":
        record = readable_entry(sees_assessment_details, record)
    return {"sequence": change.sequence, "kind": change.kind, "id": record.id, "child_id": record.child_id,
            "entry": None, "meeting": None, "plan": None, change.kind: record}


def rendered_for(app: Flask):
    """A change as the feed shows it to a webhook's owner, in their language: a delivery is
    rendered outside any request, once, when the change is collected."""

    def render(owner: Person, sees_assessment_details: bool, change: feed.Change) -> dict:
        with app.app_context(), force_locale(owner.language or "en"):
            return ChangeOut().dump(_as_read(change, sees_assessment_details))

    return render
