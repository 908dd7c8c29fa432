"""Words from occupational therapy reports, explained for parents."""

from core import N_, GlossaryTerm

AGENCY = "occupational_therapy"

_TERMS = {
    N_("OT"): (
        N_(
            "Occupational therapy, or the occupational therapist: helps children manage everyday things such as "
            "writing, dressing and moving about, and changes what is around them to make it easier."
        )
    ),
    N_("Sensory processing"): N_("How the brain takes in and makes sense of what we hear, see, touch, taste and feel."),
    N_("Sensory profile"): (
        N_("A questionnaire and observation that shows which senses a child looks for more of and which they avoid.")
    ),
    N_("Sensory seeking"): N_("Looking for more of a sensation: spinning, chewing, touching everything, making noise."),
    N_("Sensory avoiding"): N_("Being upset by or keeping away from a sensation: covering ears, refusing messy play."),
    N_("Sensory diet"): (
        N_(
            "A plan of activities through the day, such as jumping, carrying or a quiet break, that help a child "
            "feel calm and ready to learn."
        )
    ),
    N_("Sensory circuit"): N_(
        "A short run of movement activities at the start of the day to help a child settle into class."
    ),
    N_("Proprioception"): (
        N_(
            "The body's sense of where its own arms and legs are and how hard it is pushing; "
            "helped by heavy work like pushing and carrying."
        )
    ),
    N_("Vestibular"): (
        N_("The balance sense, in the inner ear, that tells us about movement: swinging, spinning, being upside down.")
    ),
    N_("Interoception"): (
        N_("Noticing signals from inside the body, such as hunger, thirst, needing the toilet or a racing heart.")
    ),
    N_("Heavy work"): N_("Pushing, pulling or carrying activities that many children find calming."),
    N_("Movement break"): N_("A few minutes of planned movement between tasks to help a child refocus."),
    N_("Fine motor skills"): N_(
        "Small careful movements of the hands and fingers: writing, cutting, doing up buttons."
    ),
    N_("Gross motor skills"): N_("Big movements using the whole body: running, jumping, balancing, catching."),
    N_("Motor planning"): N_(
        "Working out and carrying out a new movement in the right order, such as learning to skip."
    ),
    N_("Bilateral coordination"): N_("Using both sides of the body together, such as holding paper while cutting."),
    N_("Core stability"): N_(
        "Strength in the tummy and back muscles that helps a child sit still and use their hands."
    ),
    N_("Developmental coordination disorder"): (
        N_(
            "DCD, sometimes called dyspraxia: lasting difficulty learning movements and coordination, "
            "not explained by another condition."
        )
    ),
    N_("Self-care skills"): N_("Everyday tasks like dressing, eating with cutlery, washing and using the toilet."),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
