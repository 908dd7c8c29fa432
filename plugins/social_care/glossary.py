"""Words from children's social care, explained for parents."""

from core import GlossaryTerm

AGENCY = "social_care"

_TERMS = {
    "Early help": (
        "Support offered early, when a family is finding things hard, before problems grow. "
        "It is voluntary: the family agrees to it."
    ),
    "Early help assessment": (
        "A conversation with the family, written down, about what is going well, what is hard, "
        "and what support would help."
    ),
    "Child in need": (
        "A child who needs extra support from the council to be healthy and develop well; disabled children "
        "are always children in need. It is about support, not blame."
    ),
    "Section 17": "The part of the Children Act 1989 that lets the council give services to children in need.",
    "Child in need plan": (
        "The written plan for a child in need: the worries, the changes wanted, and who does what by when."
    ),
    "Lead professional": (
        "The one person who coordinates the support around a child and is the family's main contact. "
        "Often the SENCO or a family support worker."
    ),
    "Team around the family": (
        "The professionals working with a family, meeting together with the family to plan support."
    ),
    "Safeguarding": "Everything done to keep children safe from harm and help them grow up well.",
    "Child protection": (
        "What happens when there are worries that a child may be seriously harmed: a formal plan to keep them safe."
    ),
    "Looked-after child": (
        "A child cared for by the council, for example living with foster carers, sometimes by agreement with parents."
    ),
    "Short breaks": (
        "Time for a disabled child to enjoy activities away from home, which also gives the family a rest. "
        "Sometimes called respite."
    ),
    "Parent carer needs assessment": (
        "A chance for parents of a disabled child to say what support they need as carers."
    ),
    "Direct payments": "Money from the council so a family can arrange and pay for agreed support themselves.",
    "Family hub": "A local centre where families can get help with parenting, health, money and more in one place.",
    "Chronology": (
        "A dated list of important events in a child's life, used so everyone shares the same history "
        "without the family retelling it."
    ),
    "Consent to share": (
        "Your agreement that professionals from different services may share information about your child "
        "to support them."
    ),
    "Threshold of need": (
        "The local guide that helps professionals decide what level of support fits a family's situation."
    ),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
