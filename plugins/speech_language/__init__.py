"""Speech and language therapy (SLT)."""

from core import Agency, Role, hookimpl

AGENCY = Agency(
    code="speech_language",
    name="Speech and language therapy",
    roles=(
        Role(
            code="speech_language_therapist",
            title="Speech and language therapist",
            plain="Helps children understand words, talk and get on with others.",
        ),
        Role(
            code="slt_assistant",
            title="Speech and language therapy assistant",
            plain="Runs the therapist's activities with your child.",
        ),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]
