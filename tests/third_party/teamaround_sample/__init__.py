"""A third-party plugin used by the tests: a CAMHS agency with one glossary term."""

from core import Agency, GlossaryTerm, Role, hookimpl


@hookimpl
def register_agencies():
    return [Agency(code="camhs", name="CAMHS", roles=(Role(code="camhs_practitioner", title="CAMHS practitioner"),))]


@hookimpl
def register_glossary_terms():
    return [GlossaryTerm(term="CAMHS", plain="The NHS service for children's mental health.", agency="camhs")]
