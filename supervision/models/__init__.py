"""Supervisions, their findings and recommendations, and the follow-up of each
recommendation until it is closed: one models package, split by sub-domain."""

from supervision.models.recommendations import (
    Evidence,
    ProgressNote,
    Recommendation,
    RecommendationChange,
    ReminderDigest,
    Verification,
)
from supervision.models.supervisions import (
    DelegationMember,
    Finding,
    StoredFile,
    Supervision,
    SupervisionDocument,
    Topic,
    upload_to,
)

__all__ = [
    "DelegationMember",
    "Evidence",
    "Finding",
    "ProgressNote",
    "Recommendation",
    "RecommendationChange",
    "ReminderDigest",
    "StoredFile",
    "Supervision",
    "SupervisionDocument",
    "Topic",
    "Verification",
    "upload_to",
]
