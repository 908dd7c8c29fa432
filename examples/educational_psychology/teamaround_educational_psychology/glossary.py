"""Words educational psychologists use, explained for parents."""

from core import N_, GlossaryTerm

_TERMS = {
    N_("EP"): N_(
        "Short for educational psychologist: helps school and family understand how a child learns, and what helps."
    ),
    N_("consultation"): N_("A meeting where the psychologist, you and school think together about your child."),
    N_("formulation"): N_("The psychologist's best understanding of what is going on for your child, and why."),
    N_("cognitive assessment"): N_(
        "Puzzles and questions that show how your child thinks, remembers and solves problems."
    ),
    N_("working memory"): N_("Holding something in mind while using it, like remembering a sum while working it out."),
    N_("processing speed"): N_("How quickly your child can take in information and respond."),
    N_("dynamic assessment"): N_(
        "Trying out ways of teaching during the assessment to see what helps your child learn."
    ),
    N_("statutory advice"): N_("The report a psychologist must write when an EHC plan is being considered."),
    N_("psychological advice"): N_(
        "The psychologist's written report, describing your child's needs and what would help."
    ),
    N_("attachment"): N_("The bond between a child and the adults who care for them, which helps them feel safe."),
    N_("emotional literacy"): N_("Being able to notice, name and manage feelings."),
    N_("executive function"): N_(
        "The skills for planning, starting tasks, switching between them and staying organised."
    ),
    N_("self-regulation"): N_("Being able to calm down and stay steady when things are hard."),
    N_("person-centred planning"): N_("Planning that starts from what matters to your child and family."),
    N_("solution-focused"): N_("Looking at what already works, and doing more of it."),
    N_("precision teaching"): N_("Short, daily practice of one skill, counting progress each day."),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency="educational_psychology") for term, plain in _TERMS.items()]
