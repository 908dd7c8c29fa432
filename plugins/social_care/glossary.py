"""Words from children's social care, explained for parents."""

from core import N_, GlossaryTerm

AGENCY = "social_care"

_TERMS = {
    N_("Early help"): (
        N_(
            "Support offered early, when a family is finding things hard, before problems grow. "
            "It is voluntary: the family agrees to it."
        )
    ),
    N_("Early help assessment"): (
        N_(
            "A conversation with the family, written down, about what is going well, what is hard, "
            "and what support would help."
        )
    ),
    N_("Child in need"): (
        N_(
            "A child who needs extra support from the council to be healthy and develop well; disabled children "
            "are always children in need. It is about support, not blame."
        )
    ),
    N_("Section 17"): N_("The part of the Children Act 1989 that lets the council give services to children in need."),
    N_("Child in need plan"): (
        N_("The written plan for a child in need: the worries, the changes wanted, and who does what by when.")
    ),
    N_("Lead professional"): (
        N_(
            "The one person who coordinates the support around a child and is the family's main contact. "
            "Often the SENCO or a family support worker."
        )
    ),
    N_("Team around the family"): (
        N_("The professionals working with a family, meeting together with the family to plan support.")
    ),
    N_("Safeguarding"): N_("Everything done to keep children safe from harm and help them grow up well."),
    N_("Child protection"): (
        N_("What happens when there are worries that a child may be seriously harmed: a formal plan to keep them safe.")
    ),
    N_("Looked-after child"): (
        N_(
            "A child cared for by the council, for example living with foster carers, "
            "sometimes by agreement with parents."
        )
    ),
    N_("Short breaks"): (
        N_(
            "Time for a disabled child to enjoy activities away from home, which also gives the family a rest. "
            "Sometimes called respite."
        )
    ),
    N_("Parent carer needs assessment"): (
        N_("A chance for parents of a disabled child to say what support they need as carers.")
    ),
    N_("Direct payments"): N_("Money from the council so a family can arrange and pay for agreed support themselves."),
    N_("Family hub"): N_(
        "A local centre where families can get help with parenting, health, money and more in one place."
    ),
    N_("Chronology"): (
        N_(
            "A dated list of important events in a child's life, used so everyone shares the same history "
            "without the family retelling it."
        )
    ),
    N_("Consent to share"): (
        N_(
            "Your agreement that professionals from different services may share information about your child "
            "to support them."
        )
    ),
    N_("Threshold of need"): (
        N_("The local guide that helps professionals decide what level of support fits a family's situation.")
    ),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
