"""The one access policy: what a person may see and do about a child.

Every service asks this module before it reads or writes a child's record, and
every list query takes its SQL filters from here, so a rule changes in one place.
A person who may not see a child gets :class:`NotFound`, exactly as if the child
did not exist: existence itself is confidential.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Integer, String, and_, bindparam, exists, false, inspect, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import ColumnElement, Select

from core.contributions import Agency, AssessmentType
from core.db import as_loaded
from core.errors import Forbidden, NotFound
from core.models import (
    AgencyConsent,
    Child,
    Document,
    EntryKind,
    Membership,
    Person,
    PersonKind,
    Provision,
    Referral,
    TimelineEntry,
    Visibility,
)


class Action(enum.StrEnum):
    VIEW = "view"
    POST_UPDATE = "post_update"
    POST_ASSESSMENT = "post_assessment"
    POST_HOME_OBSERVATION = "post_home_observation"
    POST_MESSAGE = "post_message"
    ACKNOWLEDGE = "acknowledge"
    MANAGE_TEAM = "manage_team"
    MANAGE_PLAN = "manage_plan"
    MANAGE_MEETINGS = "manage_meetings"
    RECORD_CONSENT = "record_consent"


_EVERY_MEMBER = frozenset({Action.VIEW, Action.POST_MESSAGE, Action.ACKNOWLEDGE})
_PARENTS_ALSO = _EVERY_MEMBER | {Action.POST_HOME_OBSERVATION}
_PROFESSIONALS_ALSO = _EVERY_MEMBER | {Action.POST_UPDATE, Action.POST_ASSESSMENT}
_LEAD_ALSO = _PROFESSIONALS_ALSO | {
    Action.MANAGE_TEAM,
    Action.MANAGE_PLAN,
    Action.MANAGE_MEETINGS,
    Action.RECORD_CONSENT,
}
_READ_ONLY = frozenset({Action.VIEW})

# Which action posting each kind of entry by hand needs; the other kinds (a meeting, a
# plan change, an assessment) are written by the services that own them.
_ACTION_FOR_KIND = {
    EntryKind.UPDATE: Action.POST_UPDATE,
    EntryKind.DOCUMENT: Action.POST_UPDATE,
    EntryKind.HOME_OBSERVATION: Action.POST_HOME_OBSERVATION,
    EntryKind.MESSAGE: Action.POST_MESSAGE,
}
POSTED_BY_HAND = frozenset(_ACTION_FOR_KIND)


def _current_membership_clause(person: Person) -> ColumnElement[bool]:
    """A current membership of ``person`` that gives access to its child.

    A professional of an outside agency gets access only while the family's
    consent to share with that agency stands; school staff and parents need none.
    """
    if not person.active:
        return false()
    return _membership_of(person.id, needs_consent=person.kind is PersonKind.PROFESSIONAL)


def _membership_of(person_id: int | ColumnElement[int], *, needs_consent: bool) -> ColumnElement[bool]:
    clause = and_(Membership.person_id == person_id, Membership.left_at.is_(None))
    return and_(clause, _consent_stands()) if needs_consent else clause


def _consent_stands() -> ColumnElement[bool]:
    return exists().where(
        AgencyConsent.child_id == Membership.child_id,
        AgencyConsent.agency == Membership.agency,
        AgencyConsent.withdrawn_at.is_(None),
    )


def members_with_access() -> ColumnElement[bool]:
    """SQL condition on :class:`Membership` joined to :class:`Person`: members who can see the child now."""
    return and_(
        Membership.left_at.is_(None),
        Person.active.is_(True),
        or_(Person.kind != PersonKind.PROFESSIONAL, _consent_stands()),
    )


def sees_child(person_id: int | ColumnElement[int], child_id: int | ColumnElement[int]) -> ColumnElement[bool]:
    """SQL condition for rows that name a person and a child (a notification, an e-mail):
    that person may see that child now. Access changes after a row is written, so
    whatever is sent or shown later asks again."""
    return exists(
        select(Membership.id)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.person_id == person_id, Membership.child_id == child_id, members_with_access())
        .correlate_except(Membership, Person)
    )


def readers_of_child(child_id: int) -> Select[tuple[int]]:
    """The ids of everyone who may see child ``child_id`` now."""
    return (
        select(Membership.person_id)
        .join(Person, Person.id == Membership.person_id)
        .where(Membership.child_id == child_id, members_with_access())
        .distinct()
    )


@dataclass(frozen=True)
class AnyReader:
    """A reader as this policy's statements ask of one (:func:`visible_children`,
    :func:`visible_entries`): their kind and whether active, their id a bound parameter
    (``reader_id``). A statement built for it serves every reader of that kind, given the
    reader's id, so that a page that asks the same of every reader builds none: building a
    statement cost about as much as running it (core.messaging.dashboard, caseload)."""

    kind: PersonKind
    active: bool
    id = bindparam("reader_id")


def visible_children(person: Person | AnyReader) -> Select[tuple[Child]]:
    """The children ``person`` may see, as one query to page or count."""
    return select(Child).join(Membership, Membership.child_id == Child.id).where(_current_membership_clause(person))


def sees_assessment_details(person: Person) -> bool:
    """Everyone in the team but the family sees an assessment's form as filled in (its scores
    and codes); parents get what it means for their child, its plain summary, since the
    working detail with nobody there to explain it alarms more than it informs.

    :meth:`ChildAccess.may_see_assessment_details` answers with this, and so do the
    renderers of the timeline (``render_timeline_entry``), which are given only the viewer.
    """
    return person.kind is not PersonKind.PARENT


@dataclass(frozen=True)
class ChildAccess:
    """What one person may do about one child, decided once per request."""

    person: Person
    child: Child
    membership: Membership

    @property
    def is_parent(self) -> bool:
        return self.person.kind is PersonKind.PARENT

    @property
    def is_lead(self) -> bool:
        return self.membership.is_lead

    @property
    def agency(self) -> str | None:
        return self.membership.agency

    def allowed_actions(self) -> frozenset[Action]:
        # The sets are frozen, so each is given as it is: a page asks this for each of its entries.
        if self.child.closed_at is not None:
            return _READ_ONLY
        if self.is_parent:
            return _PARENTS_ALSO
        if self.is_lead:
            return _LEAD_ALSO
        return _PROFESSIONALS_ALSO

    def can(self, action: Action) -> bool:
        return action in self.allowed_actions()

    def require(self, action: Action) -> None:
        if not self.can(action):
            raise Forbidden(f"{self.person.display_name} may not {action.value.replace('_', ' ')} here")

    def may_correct(self, entry: TimelineEntry) -> bool:
        """Only the person who posted an entry corrects it, while the case is open."""
        return self.child.closed_at is None and entry.author_id == self.person.id

    def may_withdraw(self, entry: TimelineEntry) -> bool:
        """Its author or the lead professional withdraws an entry, while the case is open:
        the lead answers for what the team's timeline shows."""
        return self.child.closed_at is None and (entry.author_id == self.person.id or self.is_lead)

    def may_post(self, kind: EntryKind) -> bool:
        """Whether this person may post an entry of ``kind`` by hand (never a kind Teamaround writes itself)."""
        action = _ACTION_FOR_KIND.get(kind)
        return action is not None and self.can(action)

    def may_reply(self, entry: TimelineEntry) -> bool:
        """Only a message still standing is answered, by anyone who may post messages here."""
        return entry.kind is EntryKind.MESSAGE and entry.withdrawn_at is None and self.may_post(EntryKind.MESSAGE)

    def may_acknowledge(self, entry: TimelineEntry) -> bool:
        """Anyone who reads an entry says they have seen it, but its author, who has, and
        nobody on a closed case, which is read-only."""
        return self.can(Action.ACKNOWLEDGE) and entry.author_id != self.person.id

    def may_see_receipts(self, entry: TimelineEntry) -> bool:
        """Who has read an entry is for the person who posted it and the lead professional,
        who follow it up; others would learn who in the team reads what."""
        return entry.author_id == self.person.id or self.is_lead

    def may_see_viewers(self) -> bool:
        """Who has looked at the record is for the family, who are owed it, and the lead
        professional, who answers for the team; administrators ask as team managers."""
        return self.is_parent or self.is_lead

    def may_see_assessment_details(self) -> bool:
        """Whether this person sees an assessment's form as filled in, beyond its plain
        summary, on the page and through the API alike: see :func:`sees_assessment_details`."""
        return sees_assessment_details(self.person)

    def may_record(self, assessment_type: AssessmentType) -> bool:
        """An assessment is recorded only by a member of the agency whose assessment it is."""
        return self.can(Action.POST_ASSESSMENT) and assessment_type.agency == self.agency

    def may_record_readings(self) -> bool:
        """Parents record progress readings from home, professionals in the team at school."""
        return self.can(Action.POST_HOME_OBSERVATION if self.is_parent else Action.POST_UPDATE)

    def may_log_sessions(self, provision: Provision) -> bool:
        """Sessions of support are logged by those who answer for delivering it: the person
        named to deliver it, its own agency's people, or the lead professional; never parents,
        and no other agency (a class teacher does not log the therapist's group)."""
        if self.is_parent or not self.can(Action.POST_UPDATE):
            return False
        return self.is_lead or provision.person_id == self.person.id or provision.agency == self.agency

    def may_see_consents(self) -> bool:
        """The consents to share stand on the family's word: the family sees the ones they
        gave, and the lead professional, who records them, sees them all."""
        return self.is_parent or self.can(Action.RECORD_CONSENT)

    def may_withdraw_consent(self) -> bool:
        """The family takes back consent they gave, themselves or through the lead
        professional who recorded it; nobody changes a closed case."""
        return self.child.closed_at is None and (self.is_parent or self.can(Action.RECORD_CONSENT))

    def consent_agencies(self, db: Session) -> list[str]:
        """The agencies whose consent to share this person may record for the child: those
        professionals work for, who see a child only with the family's consent (school staff
        and parents need none). Nothing for anyone but the lead professional."""
        if not self.can(Action.RECORD_CONSENT):
            return []
        return list(
            db.scalars(
                select(Person.agency)
                .where(Person.kind == PersonKind.PROFESSIONAL, Person.agency.is_not(None))
                .distinct()
                .order_by(Person.agency)
            )
        )

    def member(self, db: Session, person_id: int | None) -> Membership | None:
        """Another person's membership of this child's team, if they may see the child now.

        Whom a meeting invites, a report is asked of, a time is found for, or an outcome or
        support names: anyone else is refused, so nothing points at someone who cannot read it.
        """
        person = db.get(Person, person_id) if person_id is not None else None
        if person is None:
            return None
        try:
            return child_access(db, person, self.child.id).membership
        except NotFound:
            return None

    def allowed_visibilities(self) -> tuple[Visibility, ...]:
        """The visibilities this person may give an entry they post."""
        if self.is_parent:
            return (Visibility.TEAM,)
        return tuple(Visibility)

    @property
    def reader(self) -> EntryReader:
        if self.is_parent:
            return EntryReader.FAMILY
        return EntryReader.AGENCY_MEMBER if self.agency is not None else EntryReader.TEAM_MEMBER

    def reader_parameters(self) -> dict[str, Any]:
        """The values of :func:`readable_entries`' and :func:`readable_documents`' parameters for this person."""
        return {"reader_id": self.person.id, "reader_agency": self.agency}

    def entry_filter(self) -> ColumnElement[bool]:
        """SQL condition on :class:`TimelineEntry` rows this person may read."""
        return _entries_readable_by(self.reader, self.person.id, self.agency)

    def may_prepare_bundles(self) -> bool:
        """The lead professional gathers the evidence sent to the local authority, while the case is open."""
        return self.can(Action.MANAGE_PLAN)

    def may_read_bundles(self) -> bool:
        """Evidence gathered for the authority is read by the lead who gathered it and by the
        family, who see it before the authority does."""
        return self.is_parent or self.is_lead

    def may_record_authority_decisions(self, agencies: Mapping[str, Agency]) -> bool:
        """The local authority's decisions on an EHC needs assessment and plan are recorded by the
        lead, from the authority's letter, or by someone of the council's own SEN service (among
        ``agencies``, one registered with ``local_authority``); nobody changes a closed case."""
        if self.can(Action.MANAGE_PLAN):
            return True
        agency = agencies.get(self.agency or "")
        return agency is not None and agency.local_authority and self.can(Action.POST_UPDATE)

    def may_answer_advice(self, agency: str | None) -> bool:
        """Advice asked of an agency for an EHC needs assessment is sent by its people in the team,
        or filed by the lead who received it another way."""
        return self.can(Action.MANAGE_PLAN) or (
            agency is not None and self.agency == agency and self.can(Action.POST_UPDATE)
        )

    def may_give_the_familys_views(self) -> bool:
        """The family, and only the family, comments on a draft EHC plan and names a school."""
        return self.is_parent and self.can(Action.POST_HOME_OBSERVATION)

    def may_refer(self) -> bool:
        """Professionals and school staff in the team refer the child to another agency while
        the case is open; the family's consent to each referral is recorded with it."""
        return not self.is_parent and self.can(Action.POST_UPDATE)

    def may_add_documents(self) -> bool:
        """Everyone in the team files documents while the case is open: a family their own
        papers and photos, professionals their reports."""
        return self.can(Action.POST_HOME_OBSERVATION if self.is_parent else Action.POST_UPDATE)

    def may_attach_to(self, entry: TimelineEntry) -> bool:
        """A document is attached to one's own assessment or message, while it stands and the
        case is open: attaching to another's would put words in their mouth."""
        return self.may_add_documents() and entry.author_id == self.person.id and entry.withdrawn_at is None

    def may_add_version(self, document: Document) -> bool:
        """A new version of a document comes from the person who added it, while the case is open."""
        return self.may_add_documents() and document.added_by_id == self.person.id

    def sharing_agencies(self, db: Session) -> list[str]:
        """The agencies a document can be shared with alone: those whose people in the team see the child now."""
        return list(
            db.scalars(
                select(Membership.agency)
                .join(Person, Person.id == Membership.person_id)
                .where(Membership.child_id == self.child.id, Membership.agency.is_not(None), members_with_access())
                .distinct()
                .order_by(Membership.agency)
            )
        )

    def document_filter(self) -> ColumnElement[bool]:
        """SQL condition on :class:`Document` rows this person may read.

        The visibilities of the timeline, with the agency a document is shared with in
        place of an entry's author's agency, and one rule more: whoever added a document
        always reads it, a parent who shared a letter with one agency included.
        """
        return _documents_readable_by(self.reader, self.person.id, self.agency)


@dataclass(frozen=True)
class ReferralAccess:
    """What one person may do about one referral.

    The child's team reads its referrals, the family included, who consented to each. The
    receiving agency's people read and answer the referrals made to their agency before any
    of them is in the team: the referral, its answers and the documents sent with it, and
    nothing else of the child. ``team`` is the person's access to the child, when they have one.
    """

    person: Person
    referral: Referral
    team: ChildAccess | None
    consent_withdrawn: bool = False

    @property
    def receives(self) -> bool:
        """The person works for the agency the referral was made to, and the family has not
        withdrawn its consent to share with that agency since the referral was made."""
        return receiving_agency(self.person) == self.referral.agency and not self.consent_withdrawn

    @property
    def case_open(self) -> bool:
        return self.referral.child.closed_at is None

    def may_answer(self) -> bool:
        """The receiving agency accepts, declines or asks for more, while the case is open
        (and the referral waits for it: the service's check)."""
        return self.receives and self.case_open

    def may_give_information(self) -> bool:
        """More information the agency asked for is given by the referrer, or by the lead
        professional for them (while the referral waits for it: the service's check)."""
        return (
            self.team is not None
            and self.team.may_refer()
            and (self.referral.referred_by_id == self.person.id or self.team.is_lead)
        )

    def may_read_document(self, document: Document) -> bool:
        """The receiving agency reads the documents sent with the referral, and no other."""
        return self.receives and any(sent.id == document.id for sent in self.referral.documents)

    def documents(self, db: Session) -> list[Document]:
        """The documents sent with the referral that this person may know of: all of them for
        the receiving agency; for the team, those their access to the child's file reads (a
        parent never learns the title of a document kept from her)."""
        sent = list(self.referral.documents)
        if self.receives:
            return sent
        if not sent or self.team is None:
            return []
        condition = and_(Document.id.in_([document.id for document in sent]), self.team.document_filter())
        readable = set(db.scalars(select(Document.id).where(condition)))
        return [document for document in sent if document.id in readable]

    def author_access(self) -> ChildAccess:
        """The access under which this person's step goes on the child's timeline: their own in
        the team; for the receiving agency's people, as members of their agency who are not in
        the team (the membership is never saved, and reads nothing)."""
        if self.team is not None:
            return self.team
        outside = Membership(
            person_id=self.person.id, child_id=self.referral.child_id, role="", agency=self.person.agency
        )
        return ChildAccess(person=self.person, child=self.referral.child, membership=outside)


def receiving_agency(person: Person) -> str | None:
    """The agency whose referrals ``person`` reads and answers: an active professional's own."""
    if person.active and person.kind is PersonKind.PROFESSIONAL:
        return person.agency
    return None


def referrals_received(person: Person) -> Select[tuple[Referral]]:
    """The referrals made to ``person``'s agency, as one query: none for anyone who receives none."""
    agency = receiving_agency(person)
    if agency is None:
        return select(Referral).where(false())
    return select(Referral).where(Referral.agency == agency, ~_consent_withdrawn_since_referral())


def _consent_withdrawn_since_referral() -> ColumnElement[bool]:
    """SQL condition on :class:`Referral`: the family withdrew its consent to share with the
    agency after the referral was made, and gave none since. The agency then reads no more of it."""
    same = and_(AgencyConsent.child_id == Referral.child_id, AgencyConsent.agency == Referral.agency)
    withdrawn = exists().where(same, AgencyConsent.withdrawn_at >= Referral.referred_at)
    standing = exists().where(same, AgencyConsent.withdrawn_at.is_(None))
    return and_(withdrawn, ~standing)


def referral_access(db: Session, person: Person, referral_id: int) -> ReferralAccess:
    """The access ``person`` has to referral ``referral_id``; :class:`NotFound` when none,
    as for a referral that does not exist, so that its number tells nobody else of the child."""
    referral = db.get(Referral, referral_id)
    if referral is None or referral.child.erased_at is not None:
        raise NotFound(f"referral {referral_id}")
    try:
        team = child_access(db, person, referral.child_id)
    except NotFound:
        team = None
    withdrawn = db.scalar(select(_consent_withdrawn_since_referral()).where(Referral.id == referral_id))
    access = ReferralAccess(person=person, referral=referral, team=team, consent_withdrawn=bool(withdrawn))
    if team is None and not access.receives:
        raise NotFound(f"referral {referral_id}")
    return access


class EntryReader(enum.Enum):
    """The kinds of reader whose timeline rules differ: the family, a professional whose
    membership names no agency, and one whose membership names one (school staff's
    names the school)."""

    FAMILY = "family"
    TEAM_MEMBER = "team member"
    AGENCY_MEMBER = "agency member"


def _entries_readable_by(reader: EntryReader, reader_id, reader_agency) -> ColumnElement[bool]:
    if reader is EntryReader.FAMILY:
        # A parent's own entry shared more narrowly (a document they gave one agency) is theirs to read.
        return or_(TimelineEntry.visibility == Visibility.TEAM, TimelineEntry.author_id == reader_id)
    own_agency = TimelineEntry.author_id == reader_id
    if reader is EntryReader.AGENCY_MEMBER:
        own_agency = or_(own_agency, TimelineEntry.agency == reader_agency)
    return or_(
        TimelineEntry.visibility.in_([Visibility.TEAM, Visibility.PROFESSIONALS]),
        and_(TimelineEntry.visibility == Visibility.AGENCY, own_agency),
    )


def _documents_readable_by(reader: EntryReader, reader_id, reader_agency) -> ColumnElement[bool]:
    added_it = Document.added_by_id == reader_id
    if reader is EntryReader.FAMILY:
        return or_(Document.visibility == Visibility.TEAM, added_it)
    shared = Document.visibility.in_([Visibility.TEAM, Visibility.PROFESSIONALS])
    if reader is EntryReader.AGENCY_MEMBER:
        shared = or_(
            shared, and_(Document.visibility == Visibility.AGENCY, Document.shared_with_agency == reader_agency)
        )
    return or_(shared, added_it)


def _for_each_kind_of_reader(condition) -> dict[EntryReader, ColumnElement[bool]]:
    """``condition(reader, reader_id, reader_agency)`` for each kind of reader, the reader's id
    and agency left as the parameters ``reader_id`` and ``reader_agency``."""
    reader_id = bindparam("reader_id", type_=Integer(), required=True)
    reader_agency = bindparam("reader_agency", type_=String(), required=True)
    return {reader: condition(reader, reader_id, reader_agency) for reader in EntryReader}


_READABLE_ENTRIES = _for_each_kind_of_reader(_entries_readable_by)


def readable_entries(reader: EntryReader) -> ColumnElement[bool]:
    """SQL condition on :class:`TimelineEntry` rows a reader of this kind may read.

    The reader's id and agency are left as the parameters ``reader_id`` and
    ``reader_agency`` (:meth:`ChildAccess.reader_parameters`), so that a statement built
    once around the condition serves every reader of the kind: building a statement
    and working out its cache key cost more than running it. A statement run without
    them fails rather than reading as somebody else.
    """
    return _READABLE_ENTRIES[reader]


_READABLE_DOCUMENTS = _for_each_kind_of_reader(_documents_readable_by)


def readable_documents(reader: EntryReader) -> ColumnElement[bool]:
    """SQL condition on :class:`Document` rows a reader of this kind may read
    (:meth:`ChildAccess.document_filter`'s rules), with the reader's id and agency left as
    parameters, as in :func:`readable_entries`."""
    return _READABLE_DOCUMENTS[reader]


def visible_entries(person: Person) -> Select[tuple[TimelineEntry]]:
    """Every timeline entry ``person`` may read, across all their children, as one query.

    The same rules as :meth:`ChildAccess.entry_filter`, with the agency taken from the
    person's membership of each entry's child.
    """
    statement = (
        select(TimelineEntry)
        .join(Membership, Membership.child_id == TimelineEntry.child_id)
        .where(_current_membership_clause(person))
    )
    if person.kind is PersonKind.PARENT:
        return statement.where(or_(TimelineEntry.visibility == Visibility.TEAM, TimelineEntry.author_id == person.id))
    return statement.where(
        or_(
            TimelineEntry.visibility.in_([Visibility.TEAM, Visibility.PROFESSIONALS]),
            and_(
                TimelineEntry.visibility == Visibility.AGENCY,
                or_(TimelineEntry.author_id == person.id, TimelineEntry.agency == Membership.agency),
            ),
        )
    )


def visible_team_records(person: Person, model: type) -> Select:
    """Every record of ``model`` that any member of its child's team reads (a meeting, a
    plan), across all the children ``person`` may see, as one query."""
    return select(model).where(model.child_id.in_(visible_children(person).with_only_columns(Child.id)))


def readers_of(entry: TimelineEntry) -> Select[tuple[Person]]:
    """Everyone who may read ``entry`` now: the members of its child's team its visibility allows."""
    statement = (
        select(Person)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.child_id == entry.child_id, members_with_access())
    )
    if entry.visibility is Visibility.PROFESSIONALS:
        statement = statement.where(Person.kind != PersonKind.PARENT)
    elif entry.visibility is Visibility.AGENCY:
        statement = statement.where(
            Person.kind != PersonKind.PARENT,
            or_(Membership.agency == entry.agency, Person.id == entry.author_id),
        )
    return statement


# Every request for a child's record asks this first: built once, for each rule on consent.
# The child's and the membership's columns, in that order (see child_access).
_CHILD_COLUMNS = tuple(attribute.key for attribute in inspect(Child).column_attrs)
_MEMBERSHIP_COLUMNS = tuple(attribute.key for attribute in inspect(Membership).column_attrs)
_CHILD_AND_MEMBERSHIP = {
    needs_consent: select(
        *(inspect(Child).columns[key] for key in _CHILD_COLUMNS),
        *(inspect(Membership).columns[key] for key in _MEMBERSHIP_COLUMNS),
    )
    .join(Membership, Membership.child_id == Child.id)
    .where(
        Child.id == bindparam("child_id", required=True),
        _membership_of(bindparam("person_id", required=True), needs_consent=needs_consent),
    )
    for needs_consent in (False, True)
}


def child_access(db: Session, person: Person, child_id: int) -> ChildAccess:
    """The access ``person`` has to child ``child_id``; :class:`NotFound` when none.

    The child and the membership are read as one row on the session's connection and made the
    session's records of them (core.db.as_loaded): every request for a child's record asks
    this, and the ORM's steps around the one row cost more than the statement.

    The answer is decided by the person and those records alone (the child, the membership,
    the agency's consent), never by the clock nor by a table that reads write: while the
    database's data version (core.models.data_version) stays the same, it stays the same, and
    a page rendered with it is answered again without asking (webui.kept_pages). Keep it so."""
    row = None
    if person.active:
        statement = _CHILD_AND_MEMBERSHIP[person.kind is PersonKind.PROFESSIONAL]
        if db.autoflush:
            db.flush()  # as a query through the session would first
        row = db.connection().execute(statement, {"child_id": child_id, "person_id": person.id}).first()
    if row is None:
        raise NotFound(f"child {child_id}")
    child = as_loaded(db, Child, dict(zip(_CHILD_COLUMNS, row, strict=False)))
    membership = as_loaded(db, Membership, dict(zip(_MEMBERSHIP_COLUMNS, row[len(_CHILD_COLUMNS) :], strict=True)))
    return ChildAccess(person=person, child=child, membership=membership)


def record_access(db: Session, person: Person, child_id: int | None, record: str) -> ChildAccess:
    """The access ``person`` has to the child a record is about, for a record looked up by id.

    ``child_id`` is None when no such record exists. Either way :class:`NotFound` names the
    record, never the child: a missing record and one about a child out of reach look alike.
    """
    try:
        if child_id is None:
            raise NotFound(record)
        return child_access(db, person, child_id)
    except NotFound:
        raise NotFound(record) from None


def may_create_children(person: Person) -> bool:
    return person.active and person.kind in (PersonKind.SCHOOL_STAFF, PersonKind.ADMINISTRATOR)


def team_manager_access(db: Session, person: Person, child_id: int) -> Child:
    """The child whose team ``person`` may manage: its lead professional, or an administrator.

    Administrators manage teams without reading case content, so this gives them
    the child's identity and team, nothing else; an erased case's placeholder has
    neither, and must not be given a team again.
    """
    if person.active and person.kind is PersonKind.ADMINISTRATOR:
        child = db.get(Child, child_id)
        if child is None or child.erased_at is not None:
            raise NotFound(f"child {child_id}")
        return child
    access = child_access(db, person, child_id)
    access.require(Action.MANAGE_TEAM)
    return access.child


def require_administrator(person: Person, what: str) -> None:
    """Administrators keep the register and answer subject access requests; nobody else does."""
    if not (person.active and person.kind is PersonKind.ADMINISTRATOR):
        raise Forbidden(f"only administrators {what}")
