"""Health words a parent meets in letters from the children's doctor or school nurse."""

from core import N_, GlossaryTerm

AGENCY = "health"

_TERMS = {
    N_("Individual healthcare plan"): (
        N_(
            "A written plan, agreed with you, saying how school looks after your child's medical condition: "
            "medicines, what to watch for, and what to do in an emergency."
        )
    ),
    N_("Community paediatrician"): (
        N_(
            "A children's doctor who works in clinics and schools rather than on a hospital ward, "
            "and sees children with long-term health or development needs."
        )
    ),
    N_("Neurodevelopmental assessment"): (
        N_(
            "A set of appointments to understand how a child's brain is developing, for example to find out "
            "whether they are autistic or have ADHD."
        )
    ),
    N_("ADHD"): (
        N_(
            "Attention deficit hyperactivity disorder: a difference in how the brain works that makes it hard "
            "to concentrate, sit still or wait."
        )
    ),
    N_("Diagnosis"): N_("The name a doctor gives to a condition once they are sure a child has it."),
    N_("Differential diagnosis"): (
        N_("The list of possible explanations a doctor is still weighing up before deciding which one fits.")
    ),
    N_("Referral"): N_("A request from one professional asking another service to see your child."),
    N_("Discharge"): N_(
        "When a service stops seeing your child because they no longer need it. You can be referred again."
    ),
    N_("Reliever inhaler"): N_(
        "Usually blue: opens the airways quickly when a child with asthma is wheezy or tight-chested."
    ),
    N_("Adrenaline auto-injector"): (
        N_("A pen (such as an EpiPen) that injects adrenaline into the thigh during a severe allergic reaction.")
    ),
    N_("Anaphylaxis"): N_("A severe allergic reaction that can affect breathing. It is an emergency: call 999."),
    N_("Buccal midazolam"): (
        N_("An emergency medicine for long seizures, dripped inside the cheek so it works quickly without a needle.")
    ),
    N_("PRN"): N_("Short for 'as needed': a medicine given only when a child needs it, not at set times."),
    N_("Growth centile"): (
        N_(
            "Where a child's height or weight sits on a chart compared with other children of the same age; "
            "doctors watch that a child keeps growing along their own line."
        )
    ),
    N_("Melatonin"): N_(
        "A hormone that helps the body feel sleepy; doctors sometimes prescribe it for sleep problems."
    ),
    N_("Multidisciplinary team"): (
        N_(
            "Professionals from different backgrounds (doctors, therapists, psychologists) "
            "who look at a child together."
        )
    ),
    N_("Gillick competence"): (
        N_("When a child is mature enough to understand a health decision, they can agree to treatment themselves.")
    ),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
