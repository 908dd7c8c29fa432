"""The domain model, by area: people, children and teams, the timeline, plans, meetings, the audit log.

Importing this package maps every model, so relationships between areas resolve.
"""

from core.models.audit import AuditEvent
from core.models.base import Base, enum_column
from core.models.bundles import BundlePurpose, EvidenceBundle
from core.models.changes import ChangeCounter, ErasureNotice
from core.models.children import AgencyConsent, AreaOfNeed, Child, Membership, SenStatus
from core.models.data_version import DataVersion, data_version
from core.models.documents import Attachment, Document, DocumentKind, DocumentVersion
from core.models.ehc import EhcActor, EhcCase, EhcOutcome, EhcRequester, EhcReview, EhcStage, EhcStep
from core.models.factors import FactorKind, RecoveryCode, SecondFactor, SignInStep
from core.models.idempotency import KeptAnswer
from core.models.jobs import Job
from core.models.links import AccountLink, LinkPurpose
from core.models.meetings import (
    AvailabilityKind,
    AvailabilitySlot,
    AvailabilitySource,
    CalendarFeed,
    Meeting,
    MeetingAction,
    MeetingAttendee,
    MeetingPurpose,
    MeetingStatus,
    OutboxMessage,
    Rsvp,
)
from core.models.notifications import (
    Delivery,
    Notification,
    NotificationKind,
    NotificationPreference,
    ReportRequest,
)
from core.models.people import ContactChannel, LoginAttempt, LoginSession, Person, PersonKind
from core.models.plans import (
    Judgement,
    Outcome,
    Plan,
    PlanStatus,
    PlanVersion,
    ProgressReading,
    Provision,
    ProvisionSession,
    Review,
    ReviewOutcome,
    ReviewStatus,
    Strategy,
    StrategyPlace,
)
from core.models.rate_limits import RateLimitCounter
from core.models.referrals import ConsentMethod, Referral, ReferralStatus, ReferralStep, ReferralStepKind
from core.models.roster import RosterImport, RosterLink, RosterMapping
from core.models.timeline import Acknowledgement, EntryKind, TimelineEntry, Visibility
from core.models.tokens import ApiToken, TokenScope
from core.models.webhooks import Webhook, WebhookAttempt, WebhookDelivery

__all__ = [
    "Attachment",
    "BundlePurpose",
    "EvidenceBundle",
    "Delivery",
    "Document",
    "DocumentKind",
    "DocumentVersion",
    "EhcActor",
    "EhcCase",
    "EhcOutcome",
    "EhcRequester",
    "EhcReview",
    "EhcStage",
    "EhcStep",
    "FactorKind",
    "Job",
    "RecoveryCode",
    "SecondFactor",
    "SignInStep",
    "Notification",
    "NotificationKind",
    "NotificationPreference",
    "ReportRequest",
    "AccountLink",
    "ApiToken",
    "AvailabilityKind",
    "AvailabilitySlot",
    "AvailabilitySource",
    "CalendarFeed",
    "Meeting",
    "MeetingAction",
    "MeetingAttendee",
    "MeetingPurpose",
    "MeetingStatus",
    "OutboxMessage",
    "Rsvp",
    "Judgement",
    "Outcome",
    "Plan",
    "PlanStatus",
    "PlanVersion",
    "ProgressReading",
    "Provision",
    "ProvisionSession",
    "Review",
    "ReviewOutcome",
    "ReviewStatus",
    "Strategy",
    "StrategyPlace",
    "Acknowledgement",
    "AgencyConsent",
    "AreaOfNeed",
    "AuditEvent",
    "Base",
    "ChangeCounter",
    "DataVersion",
    "data_version",
    "ErasureNotice",
    "Child",
    "ContactChannel",
    "EntryKind",
    "KeptAnswer",
    "LinkPurpose",
    "LoginAttempt",
    "LoginSession",
    "Membership",
    "Person",
    "PersonKind",
    "RateLimitCounter",
    "ConsentMethod",
    "Referral",
    "ReferralStatus",
    "ReferralStep",
    "ReferralStepKind",
    "RosterImport",
    "RosterLink",
    "RosterMapping",
    "SenStatus",
    "TimelineEntry",
    "TokenScope",
    "Visibility",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "enum_column",
]
