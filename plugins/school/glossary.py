"""Words from school SEN support and EHCPs, explained for parents."""

from core import N_, GlossaryTerm

AGENCY = "school"

_TERMS = {
    N_("SEND"): (
        N_(
            "Special educational needs and disabilities: when a child needs extra help to learn compared with "
            "others their age."
        )
    ),
    N_("SENCO"): N_(
        "The special educational needs coordinator: the teacher who organises extra help for children in school."
    ),
    # Shorthand on its own: other languages write it inside words of their own ("wsparcie SEN"),
    # where the English terms that hold it are not found.
    N_("SEN"): N_("Special educational needs: when a child needs more help to learn than most children their age."),
    N_("SMART"): N_("Specific, measurable, achievable, realistic and with a date: how a good target is written."),
    N_("SEN support"): (
        N_("Extra help school gives a child with special educational needs, planned with you and reviewed each term.")
    ),
    N_("EHCP"): (
        N_(
            "Education, health and care plan: a legal document from the council setting out a child's needs and "
            "the help they must get. It is reviewed at least once a year."
        )
    ),
    # Shorthand on its own, as other languages write it inside words of their own ("projekt planu EHC").
    N_("EHC"): N_(
        "Education, health and care: the three parts of a child's needs that the council's assessment looks at "
        "and an EHC plan covers."
    ),
    N_("EHC needs assessment"): (
        N_(
            "The council's detailed look at a child's needs, with reports from school, health and social care, "
            "to decide whether they need an EHCP. Parents can ask for one."
        )
    ),
    N_("Annual review"): N_(
        "The yearly meeting to check an EHCP is still right, with you, your child and the professionals."
    ),
    N_("IEP"): (
        N_(
            "Individual education plan: your child's targets, the support they get and how progress is checked. "
            "Some schools call it a SEN support plan."
        )
    ),
    N_("PE"): N_("Physical education: sport, games and exercise lessons at school."),
    N_("SEN support plan"): (
        N_(
            "The school's written plan for a child on SEN support: their targets, the help they get, and when it "
            "is reviewed with you. Some schools call it an IEP."
        )
    ),
    N_("Provision map"): N_(
        "The school's list of the extra support it offers, who gets it, how often and who runs it."
    ),
    N_("Assess, Plan, Do, Review"): (
        N_(
            "The cycle of SEN support: find out what your child needs, plan help, give it, then check together "
            "whether it worked."
        )
    ),
    N_("Graduated approach"): N_(
        "Adding more, or more specialist, help step by step when what is in place is not enough."
    ),
    N_("SMART outcome"): (
        N_(
            "A target that is specific, measurable, achievable, realistic and has a date, so everyone can tell "
            "whether it has been met."
        )
    ),
    N_("Communication and interaction"): (
        N_("One of the four broad areas of need: understanding others, talking, and getting on with people.")
    ),
    N_("Cognition and learning"): (
        N_("One of the four broad areas of need: learning at a slower pace, or specific difficulties such as dyslexia.")
    ),
    N_("Social, emotional and mental health"): (
        N_("One of the four broad areas of need: feelings, behaviour, friendships and wellbeing.")
    ),
    N_("Sensory and/or physical needs"): (
        N_("One of the four broad areas of need: hearing, sight, or physical difficulties that affect learning.")
    ),
    N_("One-page profile"): (
        N_(
            "A short page, written with your child, about what people like about them, what matters to them and "
            "how to help."
        )
    ),
    N_("Team around the child"): (
        N_("The adults who support one child, from home, school and other services, working together as one team.")
    ),
    N_("Structured conversation"): (
        N_("A planned meeting between parents and school: explore, focus, plan and review, ending with agreed actions.")
    ),
    N_("Educational psychologist"): (
        N_("A psychologist who looks at how a child learns and feels in school, and advises on what will help.")
    ),
    N_("Local offer"): N_("The council's published list of support and services for children with SEND in your area."),
    N_("Reasonable adjustments"): (
        N_("Changes a school must make so a disabled child is not at a disadvantage, like extra time or a quiet room.")
    ),
    N_("Expected standard"): N_("The level most children are expected to reach by the end of their school year."),
    N_("Engagement model"): (
        N_(
            "A way of noticing progress for children not yet learning subjects in the usual way, "
            "by how they explore, join in and stay curious."
        )
    ),
    N_("Persistent absence"): N_("Missing one school day in ten or more over a term or year."),
    # The words of the child's plan, as the plan page uses them.
    N_("Baseline"): N_(
        "Where your child is now on a target, measured before the help starts, so progress can be seen."
    ),
    N_("Target"): (
        N_("What your child is aiming for by a date, as a number everyone can check, like reading 16 words out of 20.")
    ),
    N_("Strategy"): N_("Something that helps your child, used at school, at home or both, like a picture timetable."),
    N_("Provision"): (
        N_(
            "The extra help your child gets: what it is, who gives it, how often and for how long, like "
            "three 20-minute reading sessions a week with a teaching assistant."
        )
    ),
    N_("Delivery log"): N_("The record of each planned session of help: whether it happened, and if not, why."),
    N_("On track"): (
        N_(
            "Progress is where it should be by now if your child keeps going at the same pace to reach the "
            "target on time."
        )
    ),
    N_("Plan review"): (
        N_(
            "The meeting, usually each term, where you and the team look at each target, say whether it was "
            "met, and agree the next plan."
        )
    ),
    N_("Transition"): N_("A move to a new class, key stage or school, planned so your child knows what to expect."),
    N_("Designated safeguarding lead"): N_("The member of school staff who deals with worries about a child's safety."),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
