"""Writes of the complaints app (clause 6.3): filing (anonymous or named), the filer's replies and request
for review, and every official step of the case. Each runs in one transaction with its audit event and its
obligations (jianfu/complaints/timelimits.py); an anonymous filer's acts are audited with no actor and
nothing of the filer: no account, address, agent or session ever reaches this module, and the records keep
days, not times.

Errors: `ComplaintInvalid(field, message)` for input to fix (a Chinese message that names the field and the
fix), `ComplaintNotFound` for an unknown receipt, a wrong passphrase, or a case the person may not see (all
alike), `ComplaintForbidden(message)` for a case the person sees but may not act on this way.

The interface lives here; the work in errors.py (errors, limits on input), filing.py (the filer's side),
case_steps.py (the officials' side) and records.py (what they record alike).
"""

from jianfu.complaints.case_steps import (
    INVESTIGATOR_ACTIONS,
    REVIEWER_ACTIONS,
    act,
    ask,
    complaint_for_acting,
    extend,
    reveal_identity,
)
from jianfu.complaints.errors import (
    ACCUSED_MAX,
    CONTENT_MAX,
    EVIDENCE_MAX_FILES,
    NOTICE_MAX,
    REVEAL_PERMISSION,
    SCHOOLS_MAX,
    TEXT_MAX,
    ComplaintForbidden,
    ComplaintInvalid,
    ComplaintNotFound,
)
from jianfu.complaints.filing import (
    Filed,
    Suggestion,
    file_complaint,
    filer_reply,
    filer_request_review,
    passphrase_check,
    suggest,
    track,
)

__all__ = [
    "ACCUSED_MAX",
    "CONTENT_MAX",
    "EVIDENCE_MAX_FILES",
    "INVESTIGATOR_ACTIONS",
    "NOTICE_MAX",
    "REVEAL_PERMISSION",
    "REVIEWER_ACTIONS",
    "SCHOOLS_MAX",
    "TEXT_MAX",
    "ComplaintForbidden",
    "ComplaintInvalid",
    "ComplaintNotFound",
    "Filed",
    "Suggestion",
    "act",
    "ask",
    "complaint_for_acting",
    "extend",
    "file_complaint",
    "filer_reply",
    "filer_request_review",
    "passphrase_check",
    "reveal_identity",
    "suggest",
    "track",
]
