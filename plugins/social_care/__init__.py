"""Social care: social workers and family support."""

from core import Agency, Role, hookimpl

AGENCY = Agency(
    code="social_care",
    name="Social care",
    roles=(
        Role(code="social_worker", title="Social worker", plain="Works with families to keep children safe and well."),
        Role(
            code="family_support_worker",
            title="Family support worker",
            plain="Gives practical help to the family at home.",
        ),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]
