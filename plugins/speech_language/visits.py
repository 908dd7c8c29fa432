"""The therapists' school visits, offered as times they can come to a meeting.

Speech and language therapists visit schools on a weekly rota. The rota is
configuration, not code: ``TEAMAROUND_SPEECH_LANGUAGE_VISITS`` holds it, in the
shape :func:`core.rota_slots` reads (JSON keyed by each therapist's e-mail).
"""

from core import rota_slots

AGENCY = "speech_language"
SETTING = "TEAMAROUND_SPEECH_LANGUAGE_VISITS"


def visit_slots(person, start, end, zone="Europe/London"):
    """Every visit of ``person`` between the aware datetimes ``start`` and ``end``, clipped to them, in UTC."""
    return rota_slots(person, start, end, setting=SETTING, agency=AGENCY, zone=zone)
