"""Evidence bundles: the lead's selection built in the background into one numbered PDF with
its contents, read back here with pypdf as the authority's reader would.

Building a bundle takes seconds, and so does the child's record it is built of: both are
built once per module and database (``standard``), in the module's transaction, and every
test runs in a savepoint of it, rolled back afterwards. The tests that only read the
standard bundle read that one; a test that needs a bundle of its own asks for it."""

import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
import sample_files
from conftest import Team, child_factory, outcome_factory, person_factory
from pypdf import PdfReader
from sqlalchemy import select

from core.db import make_session_factory
from core.documents import bundle_pages, bundles, filing
from core.documents.intake import DEFAULT_MAX_UPLOAD_BYTES
from core.documents.storage import LocalFileStore
from core.errors import DoesNotFit, Forbidden, InvalidInput, NotFound
from core.jobs import queue
from core.models import AuditEvent, Document, EvidenceBundle, Job, Notification, Visibility
from core.plans import content as plans
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from webui.wording import Catalogues

COMMUNICATION = "speech_language.communication_assessment"


@dataclass
class Standard:
    """What ``standard`` built: the team, the record, and the standard bundle (its id, and
    what was said of it before and when it was built)."""

    team: Team
    record: dict
    bundle_id: int
    document_when_asked: int | None
    outcome: queue.Outcome
    sha256: str = ""
    files: dict[str, bytes] = field(default_factory=dict)  # the store's files once it was built, by SHA-256


@pytest.fixture(scope="module")
def module_store(tmp_path_factory):
    return LocalFileStore(tmp_path_factory.mktemp("bundles") / "documents")


@pytest.fixture(scope="module")
def standard(module_connection, host, site, module_store):
    """The team's child's record (``record_of``) and the standard bundle of it (everything
    chosen), built once per module and database in the module's transaction."""
    with make_session_factory(module_connection)() as db:
        team = Team(db, person_factory(db), child_factory(db))
        plan = plans.create_plan(db, team.senco, team.child.id, site=site)
        record = record_of(db, team, host, outcome_factory(db, team, site, plan), filer(db, team, module_store, host))
        bundle = bundles.request_bundle(db, team.senco, team.child.id, everything(record))
        asked = Standard(team, record, bundle.id, bundle.document_id, queue.Outcome())
        asked.outcome = queue.run_due(make_session_factory(module_connection), [bundles.job_kind(module_store, site)])
        db.expire(bundle)
        asked.sha256 = bundle.document.current.sha256
        asked.files = {path.name: path.read_bytes() for path in module_store.root.rglob("*") if path.is_file()}
        db.commit()  # releases the session's savepoint: the records stay in the module's transaction
    return asked


@pytest.fixture
def connection(savepoint_connection, standard):
    """Every test here runs in a savepoint over the standard record and bundle."""
    return savepoint_connection


@pytest.fixture
def store(module_store, standard):
    """The store the standard bundle's files are in, each put back if gone: a test before may
    have erased the case, and a savepoint rolls back rows, not files."""
    for sha256, content in standard.files.items():
        if not module_store.has(sha256):
            module_store.add(io.BytesIO(content))
    return module_store


@pytest.fixture
def child_team(db, standard):
    """The standard team, read in the test's own session."""
    return standard.team.read_in(db)


@pytest.fixture
def record(db, standard):
    return {name: db.get(type(value), value.id) for name, value in standard.record.items()}


@pytest.fixture
def standard_bundle(db, standard):
    """The standard bundle, built: everything of the record chosen."""
    return db.get(EvidenceBundle, standard.bundle_id)


@pytest.fixture(scope="module")
def standard_pdf(standard, module_store):
    """The standard bundle's PDF, read back once per module and database."""
    with module_store.open(standard.sha256) as file:
        return PdfReader(io.BytesIO(file.read()))


@pytest.fixture(scope="module")
def standard_text(standard_pdf):
    """The text of each of the standard bundle's pages."""
    return text_of(standard_pdf)


@pytest.fixture
def sessions(connection):
    return make_session_factory(connection)


def filer(db, child_team, store, host):
    def file(content, filename, title, visibility="team", by=None):
        return filing.add_document(
            db,
            by or child_team.parent,
            child_team.child.id,
            {"title": title, "kind": "report", "visibility": visibility},
            filing.Upload(io.BytesIO(content), filename),
            store=store,
            host=host,
            limit=DEFAULT_MAX_UPLOAD_BYTES,
        )

    return file


@pytest.fixture
def file_document(db, child_team, store, host):
    return filer(db, child_team, store, host)


def record_of(db, child_team, host, add_outcome, file_document):
    """A child's record with something of every kind a bundle holds, and what it must leave out."""
    timeline.post_entry(
        db,
        child_team.parent,
        child_team.child.id,
        {"kind": "home_observation", "title": "Slept through the night", "body": "First time."},
        host=host,
    )
    timeline.post_entry(
        db,
        child_team.slt,
        child_team.child.id,
        {"kind": "update", "title": "Staff only note", "visibility": "professionals"},
        host=host,
    )
    form = host.assessment_types[COMMUNICATION]
    assessment = timeline.post_assessment(
        db,
        child_team.slt,
        child_team.child.id,
        {
            "assessment_type": COMMUNICATION,
            "payload": dict(form.example),
            "visibility": "team",
            "parent_summary": {
                "measured": "Words and pictures.",
                "found": "Understands more than she says.",
                "next_steps": "A game home on Fridays.",
            },
        },
        host=host,
    )
    outcome = add_outcome()
    plans.record_reading(db, child_team.senco, outcome.id, {"taken_on": utcnow().date().isoformat(), "value": 4})
    report = file_document(sample_files.pdf("Paediatric report findings"), "report.pdf", "Paediatric report")
    photo = file_document(sample_files.photo(size=(400, 300)), "drawing.jpg", "Her drawing")
    return {"assessment": assessment, "report": report, "photo": photo}


def everything(record, **chosen):
    """A bundle of everything of ``record``, but what ``chosen`` says otherwise."""
    return {
        "purpose": "assessment_request",
        "chronology": True,
        "plan": True,
        "assessments": [record["assessment"].id],
        "documents": [record["report"].id, record["photo"].id],
        **chosen,
    }


@pytest.fixture
def choose(db, child_team, record):
    def request(**chosen):
        return bundles.request_bundle(db, child_team.senco, child_team.child.id, everything(record, **chosen))

    return request


@pytest.fixture
def run_jobs(db, sessions, store, site):
    def run():
        outcome = queue.run_due(sessions, [bundles.job_kind(store, site)])
        db.expire_all()
        return outcome

    return run


def read_back(bundle, store):
    with store.open(bundle.document.current.sha256) as file:
        return PdfReader(io.BytesIO(file.read()))


def text_of(reader):
    return [page.extract_text() for page in reader.pages]


def test_a_bundle_is_built_in_the_background_into_one_pdf(standard, standard_bundle, standard_pdf):
    assert standard.document_when_asked is None
    assert standard.outcome == queue.Outcome(done=1)
    # Contents, chronology, plan (its chart and readings), assessments, the report's page, the photo's page.
    assert len(standard_pdf.pages) == standard_bundle.pages >= 6


def test_the_contents_name_each_section_with_the_page_it_starts_on(standard_text):
    pages = standard_text
    listed = dict(
        re.findall(r"^(Chronology|The plan|Assessments|Paediatric report|Her drawing) (\d+)$", pages[0], re.MULTILINE)
    )
    assert list(listed) == ["Chronology", "The plan", "Assessments", "Paediatric report", "Her drawing"]
    for heading, page in listed.items():
        assert pages[int(page) - 1].startswith(heading) or heading in pages[int(page) - 1].splitlines()[0:2]
    assert "Paediatric report findings" in pages[int(listed["Paediatric report"]) - 1]


def test_the_outline_points_at_the_same_pages_as_the_contents(standard_pdf, standard_text):
    listed = dict(re.findall(r"^(.+) (\d+)$", standard_text[0], re.MULTILINE))
    outline = {item.title: standard_pdf.get_destination_page_number(item) + 1 for item in standard_pdf.outline}
    assert {title: str(page) for title, page in outline.items()} == {title: listed[title] for title in outline}


def test_every_page_is_numbered_of_the_whole(standard, standard_text):
    for number, text in enumerate(standard_text, start=1):
        assert f"{standard.team.child.full_name} · page {number} of {len(standard_text)}" in text


def section(reader, pages, heading):
    """The text of the section of the bundle under ``heading``: from the page its outline
    points at to the next section's."""
    starts = sorted(reader.get_destination_page_number(item) for item in reader.outline)
    [first] = [reader.get_destination_page_number(item) for item in reader.outline if item.title == heading]
    end = next((start for start in starts if start > first), len(pages))
    return "\n".join(pages[first:end])


def test_the_chronology_holds_what_the_whole_team_reads_and_nothing_else(standard_pdf, standard_text):
    chronology = section(standard_pdf, standard_text, "Chronology")
    assert "Slept through the night" in chronology and "First time." in chronology
    assert "Staff only note" not in chronology


def test_an_assessment_is_told_by_its_summary_for_the_family(standard_pdf, standard_text):
    assessments = section(standard_pdf, standard_text, "Assessments")
    assert "What was found: Understands more than she says." in assessments


def test_the_plan_shows_each_target_with_its_readings(standard_pdf, standard_text):
    plan = section(standard_pdf, standard_text, "The plan")
    assert "Reads words from the Year 2 list aloud" in plan and "4 words a minute" in plan


def test_the_same_selection_gives_the_same_pages_and_text(db, choose, run_jobs, store, standard_bundle, standard_text):
    """Built again, later, the standard bundle's selection of the same day (its dates are the bundle's)."""
    again = choose()
    again.requested_at = standard_bundle.requested_at
    db.flush()
    run_jobs()
    assert text_of(read_back(again, store)) == standard_text
    assert again.document.current.sha256 == standard_bundle.document.current.sha256


def test_building_is_audited(db, standard_bundle):
    bundle = standard_bundle
    actions = db.scalars(select(AuditEvent.action).where(AuditEvent.subject == f"bundle:{bundle.id}")).all()
    assert actions == ["bundle.requested", "bundle.built"]


def test_the_built_pdf_is_filed_for_the_lead_alone_until_shared(db, child_team, standard_bundle):
    bundle = standard_bundle
    assert (bundle.document.visibility, bundle.document.shared_with_agency) == (Visibility.AGENCY, None)
    for person in (child_team.parent, child_team.slt, child_team.teacher):
        listed = filing.read_file(db, person, child_team.child.id).documents
        assert bundle.document_id not in [document.id for document in listed]


def test_the_family_opens_the_bundle_before_it_is_shared(db, child_team, standard_bundle, store):
    opened = bundles.open_bundle(db, child_team.parent, standard_bundle.id, store=store)
    with opened.file:
        assert opened.file.read(5) == b"%PDF-"
    assert db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "bundle.exported"


def test_no_one_but_the_lead_and_the_family_finds_a_bundle(db, child_team, standard_bundle, store):
    """Everyone else asked of the standard bundle: a failure names each who opened or listed it."""
    bundle = standard_bundle
    found = {}
    for who in ("outsider", "other_parent", "teacher", "slt", "admin"):
        person = getattr(child_team, who)
        found[who] = (
            _answers(bundles.open_bundle, db, person, bundle.id, store=store),
            _answers(bundles.child_bundles, db, person, child_team.child.id),
        )
    assert found == dict.fromkeys(found, (False, False))


def _answers(look, *arguments, **keywords) -> bool:
    """Whether ``look`` answers, rather than saying it found nothing of that number."""
    try:
        look(*arguments, **keywords)
    except NotFound:
        return False
    return True


def test_only_the_lead_asks_for_a_bundle(db, child_team, record):
    with pytest.raises(Forbidden):
        bundles.request_bundle(db, child_team.parent, child_team.child.id, {"purpose": "review", "plan": True})


def test_a_bundle_holds_nothing_the_family_cannot_read(db, child_team, choose, file_document):
    staff_only = file_document(sample_files.pdf(), "notes.pdf", "Staff notes", "professionals", child_team.slt)
    with pytest.raises(DoesNotFit) as refused:
        choose(documents=[staff_only.id])
    assert list(refused.value.errors) == ["documents"]


def test_a_bundle_of_nothing_is_refused(db, child_team, record):
    with pytest.raises(InvalidInput) as refused:
        bundles.request_bundle(db, child_team.senco, child_team.child.id, {"purpose": "review"})
    assert list(refused.value.errors) == ["chronology"]


def listed(db, person, child_team, bundle):
    """``bundle`` as the list of the child's bundles shows it to ``person``."""
    shown = bundles.child_bundles(db, person, child_team.child.id).bundles
    return {each.bundle.id: each for each in shown}[bundle.id]


def test_its_status_goes_from_waiting_to_ready(db, child_team, choose, run_jobs):
    bundle = choose(chronology=False, assessments=[], documents=[])
    assert listed(db, child_team.senco, child_team, bundle).status is bundles.BundleStatus.WAITING
    run_jobs()
    assert listed(db, child_team.parent, child_team, bundle).status is bundles.BundleStatus.READY


def test_a_pdf_that_cannot_be_read_fails_the_bundle_with_its_reason(db, child_team, choose, run_jobs, store, record):
    bundle = choose(chronology=False, plan=False, assessments=[], documents=[record["report"].id])
    report = db.get(Document, bundle.selection["documents"][0])
    broken = store.add(io.BytesIO(b"%PDF-1.7\n not really a PDF"))
    report.current.sha256 = broken.sha256
    db.flush()
    assert run_jobs() == queue.Outcome(given_up=1)
    failed = listed(db, child_team.senco, child_team, bundle)
    assert failed.status is bundles.BundleStatus.FAILED and "Paediatric report" in failed.bundle.failure


def test_sharing_files_it_for_the_agency_and_tells_them_on_the_timeline(db, child_team, standard_bundle, host):
    bundle = standard_bundle
    bundles.share_bundle(db, child_team.senco, bundle.id, {"agency": "speech_language"}, host=host)
    listed = filing.read_file(db, child_team.slt, child_team.child.id).documents
    assert bundle.document_id in [document.id for document in listed]
    assert bundle.shared_with_agency == "speech_language"


def test_a_bundle_not_built_yet_is_not_shared(db, child_team, choose, host):
    bundle = choose()
    with pytest.raises(DoesNotFit):
        bundles.share_bundle(db, child_team.senco, bundle.id, {"agency": "speech_language"}, host=host)


def test_a_chronology_between_two_days_says_so(db, choose, run_jobs, store):
    today = utcnow().date()
    bundle = choose(
        plan=False, assessments=[], documents=[], since=(today - timedelta(days=7)).isoformat(), until=today.isoformat()
    )
    run_jobs()
    assert "From " in text_of(read_back(bundle, store))[1]


def test_the_job_is_queued_once_per_bundle(db, choose):
    bundle = choose()
    assert db.scalars(select(Job.payload).where(Job.kind == bundles.KIND)).all() == [{"bundle_id": bundle.id}]


def test_a_names_letters_in_any_script_are_written(db, child_team, choose, run_jobs, store):
    child_team.child.full_name = "Zoë Łukasiewicz Ирина"
    db.flush()
    bundle = choose(chronology=False, assessments=[], documents=[])
    run_jobs()
    assert "Zoë Łukasiewicz Ирина" in text_of(read_back(bundle, store))[0]


def test_born_on_is_said_as_a_day(standard, standard_text):
    assert standard.team.child.date_of_birth == date(2018, 3, 14)
    assert "Born Wednesday 14 March 2018" in standard_text[0]


def test_an_erased_case_takes_its_bundles_and_their_files_with_it(
    db, child_team, standard_bundle, erase_case, tmp_path
):
    bundle = standard_bundle
    sha256 = bundle.document.current.sha256
    erase_case()
    assert db.scalars(select(EvidenceBundle).where(EvidenceBundle.child_id == child_team.child.id)).all() == []
    assert sha256 in (tmp_path / "erasures.jsonl").read_text()


def test_a_bundle_is_written_in_the_leads_language(db, child_team, choose, sessions, store, host):
    child_team.senco.language = "pl"
    db.flush()
    bundle = choose(chronology=False, assessments=[], documents=[])
    polish = Site(host=host, readers=Catalogues(host.catalogues).reader)
    queue.run_due(sessions, [bundles.job_kind(store, polish)])
    db.expire_all()
    first = text_of(read_back(bundle, store))[0]
    assert "Spis treści" in first and f"{child_team.child.full_name} · strona 1 z " in first


def x_of(pdf: bytes, words: str) -> float:
    """Where on the first page ``words`` begin, from the left."""
    found = []
    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(
        visitor_text=lambda text, cm, tm, *_: found.append(tm[4]) if text.strip() == words else None
    )
    return found[0]


def test_a_table_in_a_language_written_from_the_right_starts_on_the_right():
    table = bundle_pages.Table(columns=["First", "Second"], rows=[["a", "b"]], widths=(1, 1))
    made = utcnow()
    ltr, rtl = (bundle_pages.draw([table], made, right_to_left=way) for way in (False, True))
    assert x_of(ltr, "First") < x_of(ltr, "Second")
    assert x_of(rtl, "First") > x_of(rtl, "Second")


def test_fonts_read_once_draw_what_fpdf2_draws_reading_them_each_time(monkeypatch):
    """Each document's fonts are copied from fonts read once a process: drawn after another
    document in other letters, a page is the same file as with fonts read for it alone."""
    made = utcnow()
    page = [bundle_pages.Heading("Zoë Łukasiewicz Ирина"), bundle_pages.Paragraph("Amara نستعلیق 14 March")]
    bundle_pages.draw([bundle_pages.Paragraph("Другая страница: Ψ, ß, ñ")], made)
    read_once = bundle_pages.draw(page, made)
    monkeypatch.setattr(
        bundle_pages,
        "_add_font",
        lambda pdf, family, style: pdf.add_font(family, style, bundle_pages.FONTS[family, style]),
    )
    assert read_once == bundle_pages.draw(page, made)


def test_a_bundle_a_worker_holds_is_building(db, child_team, choose):
    bundle = choose()
    job = db.scalar(select(Job).where(Job.key == f"{bundles.KIND}:{bundle.id}"))
    job.claimed_by, job.claimed_until = "worker", utcnow() + timedelta(minutes=5)
    db.flush()
    assert listed(db, child_team.senco, child_team, bundle).status is bundles.BundleStatus.BUILDING


def test_a_bundle_whose_lead_has_left_the_team_is_not_built(db, child_team, choose, run_jobs):
    bundle = choose()
    child_team.senco.active = False
    db.flush()
    assert run_jobs() == queue.Outcome(given_up=1)
    assert bundle.document_id is None and "no longer leads" in bundle.failure


def test_the_family_and_the_lead_are_told_when_it_is_ready(db, child_team, standard_bundle):
    bundle = standard_bundle
    told = db.scalars(select(Notification).where(Notification.key == f"bundle-ready:{bundle.id}")).all()
    assert sorted(notification.recipient_id for notification in told) == sorted(
        [child_team.senco.id, child_team.parent.id]
    )
    assert {notification.link for notification in told} == {f"/children/{child_team.child.id}/bundles"}
