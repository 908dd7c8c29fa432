"""Occupational therapy (OT)."""

from core import Agency, Role, hookimpl

AGENCY = Agency(
    code="occupational_therapy",
    name="Occupational therapy",
    roles=(
        Role(
            code="occupational_therapist",
            title="Occupational therapist",
            plain="Helps children with everyday skills: movement, handwriting, dressing, coping with noise and touch.",
        ),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]
