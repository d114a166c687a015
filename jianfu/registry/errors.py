"""The registry's refusals, shared by its services."""


class DemandError(Exception):
    """A decision that cannot be made; the message says why and what to do, in Chinese."""


class StaleDecision(DemandError):
    """Someone else changed the demand between the moment this person looked and the moment they acted."""
