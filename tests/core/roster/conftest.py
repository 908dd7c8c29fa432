import pytest

from core.db import make_session_factory
from core.jobs import queue
from core.models import RosterImport
from core.roster import apply, files
from core.roster.preview import Preview, preview


class Importer:
    """Imports as the administrator's page does: a preview first, then the plan applied by the
    job queue's worker."""

    def __init__(self, db, connection, admin, site):
        self.db, self.admin, self.site = db, admin, site
        self.sessions = make_session_factory(connection)

    def preview(self, content: bytes, mapping=None) -> Preview:
        return preview(self.db, files.roster_of(content, mapping))

    def keep(self, content: bytes, mapping=None) -> tuple[Preview, RosterImport]:
        shown = self.preview(content, mapping)
        return shown, apply.keep(self.db, self.admin, shown, file_name="export", content=content)

    def queue(self, content: bytes, mapping=None) -> tuple[Preview, RosterImport]:
        shown, run = self.keep(content, mapping)
        apply.queue_apply(self.db, self.admin, run, shown)
        self.db.flush()
        return shown, run

    def work(self) -> None:
        queue.run_due(self.sessions, apply.job_kinds(self.site))
        self.db.expire_all()

    def apply(self, content: bytes, mapping=None) -> Preview:
        shown, _ = self.queue(content, mapping)
        self.work()
        return shown


@pytest.fixture
def importer(db, connection, make_person, site):
    return Importer(db, connection, make_person("administrator", name="Office Admin"), site)
