"""Health: paediatricians and school nurses."""

from core import Agency, Role, hookimpl

AGENCY = Agency(
    code="health",
    name="Health",
    roles=(
        Role(code="paediatrician", title="Paediatrician", plain="A doctor who specialises in children."),
        Role(code="school_nurse", title="School nurse", plain="A nurse who looks after children's health in school."),
        Role(code="health_visitor", title="Health visitor", plain="A nurse who supports families with young children."),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]
