"""The school: the SENCO, class teachers and teaching assistants around the child."""

from core import Agency, Role, hookimpl

AGENCY = Agency(
    code="school",
    name="School",
    needs_consent=False,
    roles=(
        Role(code="senco", title="SENCO", plain="The teacher who coordinates support for children with special needs."),
        Role(code="class_teacher", title="Class teacher", plain="Teaches your child's class every day."),
        Role(
            code="teaching_assistant",
            title="Teaching assistant",
            plain="Supports your child in class and in small groups.",
        ),
        Role(code="head_teacher", title="Head teacher", plain="Leads the school."),
    ),
)


@hookimpl
def register_agencies():
    return [AGENCY]
