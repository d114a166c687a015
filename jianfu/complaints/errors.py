"""The complaints' errors and limits on input, shared by the filer's and the officials' services."""

from django.core.exceptions import PermissionDenied

ACCUSED_MAX = 200
CONTENT_MAX = 5_000
NOTICE_MAX = 20_000
TEXT_MAX = 5_000
EVIDENCE_MAX_FILES = 10
SCHOOLS_MAX = 20
REVEAL_PERMISSION = "complaints.reveal_complainant"


class ComplaintInvalid(ValueError):
    """Input to fix: `field` is the form's field, `message` says what and how, in Chinese."""

    def __init__(self, field: str, message: str):
        self.field, self.message = field, str(message)
        super().__init__(self.message)


class ComplaintNotFound(Exception):
    """No such receipt, a wrong passphrase, or not this person's to see: the same answer for all."""


class ComplaintForbidden(PermissionDenied):
    """The person sees the case but may not take this step."""

    def __init__(self, message: str):
        self.message = str(message)
        super().__init__(self.message)
