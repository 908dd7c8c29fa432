"""Words from speech and language therapy reports, explained for parents."""

from core import N_, GlossaryTerm

AGENCY = "speech_language"

_TERMS = {
    N_("SLT"): (
        N_(
            "Speech and language therapy, or the speech and language therapist: helps children who find it hard "
            "to understand, to talk, or to eat and drink safely."
        )
    ),
    N_("Receptive language"): N_("How well a child understands what other people say to them."),
    N_("Expressive language"): N_("How a child puts their thoughts into words and sentences."),
    N_("Standardised score"): (
        N_(
            "A test score compared with many children of the same age. Most children score between 85 and 115, "
            "the usual range for their age."
        )
    ),
    N_("Percentile"): (
        N_(
            "Out of 100 children of the same age, how many would score lower. At the 30th percentile, "
            "about 30 in 100 children would score lower."
        )
    ),
    N_("Speech sounds"): N_("How clearly a child says the sounds in words, such as saying 'tat' for 'cat'."),
    N_("Social communication"): (
        N_("Using language with other people: taking turns in a conversation, reading faces, joining in play.")
    ),
    N_("Developmental language disorder"): (
        N_(
            "DLD: long-lasting difficulty learning and using language that has no other known cause. "
            "It is common, about 2 children in every class of 30."
        )
    ),
    N_("Word-finding difficulty"): N_("Knowing a word but struggling to bring it to mind when talking."),
    N_("Stammering"): (
        N_("Repeating or stretching sounds, or getting stuck on words. It is not caused by nerves or parenting.")
    ),
    N_("Attention and listening"): (
        N_("Being able to focus on what someone says and ignore other noise; the first step to understanding.")
    ),
    N_("Makaton"): N_("Signs and symbols used alongside speech to help children understand and be understood."),
    N_("AAC"): (
        N_(
            "Augmentative and alternative communication: ways to communicate besides speech, "
            "such as picture cards, symbol boards or a talking device."
        )
    ),
    N_("Visual timetable"): N_("The day shown as a row of pictures, so a child can see what happens next."),
    N_("Now and next board"): N_("A card showing what is happening now and what comes next, to make changes easier."),
    N_("Selective mutism"): (
        N_("When a child who talks freely at home cannot speak in some places, like school, because of anxiety.")
    ),
    N_("Echolalia"): N_(
        "Repeating words or phrases heard before, often from people or TV; it can be a step towards talking."
    ),
    N_("Narrative skills"): N_(
        "Telling a story or explaining what happened in order, with a beginning, middle and end."
    ),
    N_("Blank's levels of questioning"): (
        N_("Questions in four steps, from naming what you can see to explaining why, used to build understanding.")
    ),
}

GLOSSARY = [GlossaryTerm(term=term, plain=plain, agency=AGENCY) for term, plain in _TERMS.items()]
