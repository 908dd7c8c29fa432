"""The errors services raise; the web layer maps each to one HTTP answer."""


class TeamaroundError(Exception):
    """Base of every error a service raises on purpose."""


class InvalidInput(TeamaroundError):
    """Input that failed validation; ``errors`` maps every bad field to its reasons."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        fields = ", ".join(sorted(errors))
        super().__init__(f"invalid input: {fields}")


class DoesNotFit(InvalidInput):
    """Input of the form the API's document describes that does not fit the records as they
    stand (a day outside the dates a support runs): pages show it on the form as any bad
    answer, and the API answers 409, as for any clash with the records, not 400, which says
    the request itself breaks the document's rules."""


class NotFound(TeamaroundError):
    """No such record, or one the person may not know exists: the two look the same."""


class Forbidden(TeamaroundError):
    """The person may see the record but not do this to it."""


class Conflict(TeamaroundError):
    """The change clashes with the record's current state."""


class StaleVersion(Conflict):
    """The change was made on an out-of-date copy: someone else changed the record first."""


class TooLarge(TeamaroundError):
    """What was sent is over a size limit (a file over the upload limit); ``limit`` in bytes."""

    def __init__(self, message: str, limit: int):
        self.limit = limit
        super().__init__(message)
