"""Evidence bundles: the lead chooses what the local authority should read for an EHC needs
assessment request or a review, and Teamaround builds it into one paginated PDF in the
background, for the family to see before the lead shares it.

Building one reads files and draws pages, so it never holds up the request that asks for
it: the request queues a job (:mod:`core.jobs.queue`) in its own transaction, and
``teamaround jobs run`` builds it. The built PDF is filed as a document of the child's
file that only the lead reads (an agency visibility naming no agency) until the lead
shares it with an agency: so the file is erased, backed up and checked as every
document's is. The bundle is read only by the lead and the family
(:meth:`core.access.ChildAccess.may_read_bundles`); asking for, building, sharing and
opening one are audited.
"""

from __future__ import annotations

import enum
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, BinaryIO

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from core.access import ChildAccess, child_access, readers_of_child, record_access
from core.db import begin_reading, finish_reading
from core.documents import bundle_contents, bundle_pdf
from core.documents.bundle_pages import MissingFonts
from core.documents.previews import queue_preview
from core.documents.storage import FileStore
from core.errors import DoesNotFit, Forbidden, NotFound
from core.jobs import queue
from core.jobs.queue import GiveUp, JobKind, RetryPolicy, Sessions
from core.messaging.notifications import notify
from core.models import (
    BundlePurpose,
    Document,
    DocumentKind,
    DocumentVersion,
    EvidenceBundle,
    Job,
    NotificationKind,
    Person,
    TimelineEntry,
    Visibility,
)
from core.plugins import PluginHost
from core.records import audit
from core.schemas import record_id
from core.site import Site
from core.timeline import entries as timeline
from core.types import utcnow
from core.validation import load
from core.wording import N_, Wording, render

KIND = "bundle.build"
RETRY = RetryPolicy(attempts=4)
# More than a lead would read through on one page; a longer list is not a choice but a mistake.
MOST_CHOSEN = 200
_DOCUMENT_TITLE = N_("Evidence for %(name)s")
_READY = N_("The evidence about %(child)s for the local authority is ready to read")


class BundleStatus(enum.StrEnum):
    WAITING = "waiting"
    BUILDING = "building"
    READY = "ready"
    FAILED = "failed"


class BundleInput(Schema):
    purpose = fields.Enum(BundlePurpose, by_value=True, required=True)
    chronology = fields.Boolean(load_default=False)
    since = fields.Date(load_default=None, allow_none=True)
    until = fields.Date(load_default=None, allow_none=True)
    plan = fields.Boolean(load_default=False)
    assessments = fields.List(record_id(), load_default=list, validate=validate.Length(max=MOST_CHOSEN))
    documents = fields.List(record_id(), load_default=list, validate=validate.Length(max=MOST_CHOSEN))

    @validates_schema
    def something_chosen(self, data, **_):
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            raise ValidationError(N_("The last day comes after the first."), "until")
        if not (data.get("chronology") or data.get("plan") or data.get("assessments") or data.get("documents")):
            raise ValidationError(N_("Choose at least one thing to put in the bundle."), "chronology")


class ShareInput(Schema):
    agency = fields.String(required=True)


@dataclass(frozen=True)
class BundleView:
    bundle: EvidenceBundle
    status: BundleStatus


@dataclass(frozen=True)
class Bundles:
    """A child's bundles, newest first, and for the lead what a new one may hold."""

    access: ChildAccess
    bundles: list[BundleView]
    assessments: list[TimelineEntry]
    documents: list[Document]
    agencies: list[str]


def child_bundles(db: Session, actor: Person, child_id: int) -> Bundles:
    """The child's bundles with their status, for the lead or the family (audited); for the
    lead, also the assessments and documents a bundle may hold and the agencies it may go to."""
    access = _reading(db, actor, child_id)
    found = list(
        db.scalars(
            select(EvidenceBundle)
            .where(EvidenceBundle.child_id == child_id)
            .options(joinedload(EvidenceBundle.requested_by))
            .order_by(EvidenceBundle.id.desc())
        )
    )
    audit.record(db, actor, "bundles.viewed", child_id=child_id)
    views = [BundleView(bundle, status) for bundle, status in zip(found, _statuses(db, found), strict=True)]
    if not access.may_prepare_bundles():
        return Bundles(access, views, [], [], [])
    return Bundles(
        access,
        views,
        bundle_contents.assessments(db, access),
        bundle_contents.documents(db, access),
        access.sharing_agencies(db),
    )


def request_bundle(db: Session, actor: Person, child_id: int, data: Mapping[str, Any]) -> EvidenceBundle:
    """Ask for a bundle of what the lead chose; it is built in the background."""
    access = child_access(db, actor, child_id)
    if not access.may_prepare_bundles():
        raise Forbidden(f"{actor.display_name} may not gather evidence for the authority here")
    values = load(BundleInput(), data)
    _check_chosen(db, access, values)
    bundle = EvidenceBundle(
        child_id=child_id,
        purpose=values["purpose"],
        selection={
            "chronology": {"since": _iso(values["since"]), "until": _iso(values["until"])}
            if values["chronology"]
            else None,
            "plan": values["plan"],
            "assessments": sorted(set(values["assessments"])),
            "documents": sorted(set(values["documents"])),
        },
        language=actor.language,
        requested_by_id=actor.id,
        requested_at=utcnow(),
        failure="",
    )
    db.add(bundle)
    db.flush()
    queue.enqueue(db, KIND, {"bundle_id": bundle.id}, key=_job_key(bundle.id))
    audit.record(
        db,
        actor,
        "bundle.requested",
        child_id=child_id,
        subject=f"bundle:{bundle.id}",
        detail={
            "purpose": bundle.purpose.value,
            "chronology": values["chronology"],
            "plan": values["plan"],
            "assessments": len(bundle.selection["assessments"]),
            "documents": len(bundle.selection["documents"]),
        },
    )
    return bundle


def _check_chosen(db: Session, access: ChildAccess, values: dict[str, Any]) -> None:
    """Every assessment and document chosen is one a bundle may hold: the whole team's, of this child."""
    problems = {}
    offered = {
        "assessments": {entry.id for entry in bundle_contents.assessments(db, access, values["assessments"])},
        "documents": {document.id for document in bundle_contents.documents(db, access, values["documents"])},
    }
    reasons = {
        "assessments": N_("Choose assessments of this child that the whole team reads."),
        "documents": N_("Choose PDFs or photos (JPEG, PNG) in this child's file that the whole team reads."),
    }
    for name, found in offered.items():
        if set(values[name]) - found:
            problems[name] = [reasons[name]]
    if problems:
        raise DoesNotFit(problems)


@dataclass(frozen=True)
class OpenedBundle:
    bundle: EvidenceBundle
    filename: str
    file: BinaryIO


def open_bundle(db: Session, actor: Person, bundle_id: int, *, store: FileStore) -> OpenedBundle:
    """A built bundle's PDF for the lead or the family to download (audited as exported)."""
    bundle = readable_bundle(db, actor, bundle_id)
    if bundle.document is None:
        raise NotFound(f"bundle {bundle_id}")
    file = store.open(bundle.document.current.sha256)
    audit.record(db, actor, "bundle.exported", child_id=bundle.child_id, subject=f"bundle:{bundle.id}")
    return OpenedBundle(bundle, bundle.document.current.filename, file)


def share_bundle(
    db: Session, actor: Person, bundle_id: int, data: Mapping[str, Any], *, host: PluginHost
) -> EvidenceBundle:
    """Share a built bundle with an agency of the team (the local authority's), as a document
    of the child's file that agency reads, announced on the timeline to those who read it."""
    bundle = readable_bundle(db, actor, bundle_id)
    access = child_access(db, actor, bundle.child_id)
    if not access.may_prepare_bundles():
        raise Forbidden(f"{actor.display_name} may not share evidence with the authority here")
    agency = load(ShareInput(), data)["agency"]
    if bundle.document is None:
        raise DoesNotFit({"agency": [N_("The bundle is not built yet: share it once it is ready.")]})
    if bundle.shared_with_agency is not None:
        raise DoesNotFit({"agency": [N_("The bundle is shared already.")]})
    if agency not in access.sharing_agencies(db):
        raise DoesNotFit({"agency": [N_("Choose an agency of someone in the child's team.")]})
    document = bundle.document
    document.shared_with_agency = bundle.shared_with_agency = agency
    bundle.shared_at = utcnow()
    db.flush()
    timeline.announce_document(
        db,
        access,
        host=host,
        title=document.title,
        visibility=Visibility.AGENCY,
        agency=agency,
        occurred_at=bundle.shared_at,
        document_id=document.id,
    )
    audit.record(
        db, actor, "bundle.shared", child_id=bundle.child_id, subject=f"bundle:{bundle.id}", detail={"agency": agency}
    )
    return bundle


def job_kind(store: FileStore, site: Site) -> JobKind:
    """Building bundles, as a kind of job, with the store the files are in."""

    def build(sessions: Sessions, payload: dict[str, Any]) -> None:
        build_bundle(sessions, store, site, payload["bundle_id"])

    return JobKind(KIND, build, RETRY)


def build_bundle(sessions: Sessions, store: FileStore, site: Site, bundle_id: int) -> None:
    """Build the bundle's PDF and file it; nothing when it is gone or built already. Read as
    the lead who asked for it, who must still lead the child's team; a file that cannot be
    read fails it for good (:class:`GiveUp`), with the reason kept for the lead to read."""
    reason = None
    with sessions() as db:
        begin_reading(db)
        bundle = db.get(EvidenceBundle, bundle_id)
        if bundle is None or bundle.document_id is not None or bundle.failure:
            return
        try:
            built = _built(db, bundle, site, store)
        except NotFound:
            reason = "The person who asked for it no longer leads the child's team."
        except (bundle_pdf.DamagedFile, MissingFonts) as error:
            reason = str(error)
        finish_reading(db)
    if reason is not None:
        _fail(sessions, bundle_id, reason)
    stored = store.add(io.BytesIO(built.pdf))
    with sessions() as db, db.begin():
        bundle = db.get(EvidenceBundle, bundle_id)
        if bundle is None or bundle.document_id is not None:
            return  # erased, or built by another worker meanwhile
        access = child_access(db, bundle.requested_by, bundle.child_id)
        document = _file(db, access, bundle, stored.sha256, stored.size, site)
        bundle.document_id, bundle.pages = document.id, built.pages
        db.flush()
        audit.record(
            db,
            bundle.requested_by,
            "bundle.built",
            child_id=bundle.child_id,
            subject=f"bundle:{bundle.id}",
            detail={"pages": built.pages, "sections": len(built.index)},
        )
        _tell_it_is_ready(db, access, bundle, site)


def _built(db: Session, bundle: EvidenceBundle, site: Site, store: FileStore) -> bundle_pdf.Assembled:
    access = child_access(db, bundle.requested_by, bundle.child_id)
    if not access.may_prepare_bundles():
        raise NotFound(f"child {bundle.child_id}")
    contents = bundle_contents.gather(db, access, bundle, site=site, store=store)
    return bundle_pdf.assemble(contents.front, contents.sections, bundle.requested_at)


def _tell_it_is_ready(db: Session, access: ChildAccess, bundle: EvidenceBundle, site: Site) -> None:
    """Those who read the bundle, the family first of all, are told it is ready: the family
    reads it before the lead sends it. The headline names no content, as it may go by e-mail."""
    people = db.scalars(select(Person).where(Person.id.in_(readers_of_child(bundle.child_id))).order_by(Person.id))
    for person in people:
        if child_access(db, person, bundle.child_id).may_read_bundles():
            notify(
                db,
                person,
                kind=NotificationKind.ACTION,
                key=f"bundle-ready:{bundle.id}",
                child_id=bundle.child_id,
                headline=Wording(_READY, {"child": access.child.known_as}),
                link=f"/children/{bundle.child_id}/bundles",
                zone=site.zone,
            )


def _file(db: Session, access: ChildAccess, bundle: EvidenceBundle, sha256: str, size: int, site: Site) -> Document:
    """The built PDF as a document of the child's file that only the lead reads until shared."""
    title = render(Wording(_DOCUMENT_TITLE, {"name": access.child.full_name}), site.reader(bundle.language))
    document = Document(
        child_id=bundle.child_id,
        title=title[:200],
        kind=DocumentKind.REPORT,
        about_on=bundle.requested_at.date(),
        added_by_id=bundle.requested_by_id,
        added_by_agency=access.agency,
        added_at=utcnow(),
        visibility=Visibility.AGENCY,
        shared_with_agency=None,
    )
    document.versions.append(
        DocumentVersion(
            number=1,
            sha256=sha256,
            size=size,
            media_type=bundle_contents.PDF,
            filename=f"evidence-bundle-{bundle.id}.pdf",
            added_by_id=bundle.requested_by_id,
            added_at=utcnow(),
        )
    )
    db.add(document)
    db.flush()
    queue_preview(db, document.current)
    return document


def _fail(sessions: Sessions, bundle_id: int, reason: str) -> None:
    with sessions() as db, db.begin():
        bundle = db.get(EvidenceBundle, bundle_id)
        if bundle is not None:
            bundle.failure = reason[:2000]
            audit.record(db, None, "bundle.failed", child_id=bundle.child_id, subject=f"bundle:{bundle.id}")
    raise GiveUp(reason)


def _statuses(db: Session, bundles: list[EvidenceBundle]) -> list[BundleStatus]:
    """Each bundle's status: ready once filed, failed once given up, building while a
    worker holds its job; one query for the jobs of all of them."""
    jobs = (
        {
            job.key: job
            for job in db.scalars(select(Job).where(Job.key.in_([_job_key(bundle.id) for bundle in bundles])))
        }
        if bundles
        else {}
    )
    now = utcnow()
    return [_status(bundle, jobs.get(_job_key(bundle.id)), now) for bundle in bundles]


def _status(bundle: EvidenceBundle, job: Job | None, now: datetime) -> BundleStatus:
    if bundle.document_id is not None:
        return BundleStatus.READY
    if bundle.failure or job is None or job.given_up_at is not None:
        return BundleStatus.FAILED
    if job.claimed_until is not None and job.claimed_until > now:
        return BundleStatus.BUILDING
    return BundleStatus.WAITING


def _reading(db: Session, actor: Person, child_id: int) -> ChildAccess:
    access = child_access(db, actor, child_id)
    if not access.may_read_bundles():
        raise NotFound(f"bundles of child {child_id}")
    return access


def readable_bundle(db: Session, actor: Person, bundle_id: int) -> EvidenceBundle:
    """A bundle the actor may read (the lead's or the family's), with its document; :class:`NotFound` otherwise."""
    child_id = db.scalar(select(EvidenceBundle.child_id).where(EvidenceBundle.id == bundle_id))
    access = record_access(db, actor, child_id, f"bundle {bundle_id}")
    if not access.may_read_bundles():
        raise NotFound(f"bundle {bundle_id}")
    return db.scalar(
        select(EvidenceBundle)
        .where(EvidenceBundle.id == bundle_id)
        .options(joinedload(EvidenceBundle.document).selectinload(Document.versions))
    )


def _job_key(bundle_id: int) -> str:
    return f"{KIND}:{bundle_id}"


def _iso(day) -> str | None:
    return day.isoformat() if day else None
