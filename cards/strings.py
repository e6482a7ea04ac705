"""Every user-facing string of cards, alt texts and post texts, in one place (English).

French and Spanish can follow as sibling tables without touching the renderer.
"""

from __future__ import annotations

from bot.domain.model import Choice

HASHTAG = "#ACTcodeofconduct"
HASHTAG_TAG = "ACTcodeofconduct"

CHOICE_WORD = {
    Choice.YES: "In favour",
    Choice.NO: "Against",
    Choice.ABSTAIN: "Abstained",
    Choice.NOT_VOTING: "Did not vote",
}
CHOICE_VERB = {
    Choice.YES: "voted in favour",
    Choice.NO: "voted against",
    Choice.ABSTAIN: "abstained",
    Choice.NOT_VOTING: "did not vote",
}

VETOED_BY = "Vetoed by {members}"
ADOPTED = "Adopted {tally}"
NOT_ADOPTED = "Not adopted: {yes} in favour, {no} against"
PERMANENT_MARK = "P5"
SIGNATORY = "Code signatory"
NOT_SIGNATORY = "Not a signatory"
VETO_WORD = "veto"
PREDATES = "Voted before the ACT Code of Conduct existed (launched 23 Oct 2015)"
NOT_ATROCITY = "Not classified as atrocity-related: no Code verdict"
UNDECIDED = "Atrocity relevance not yet classified: no Code verdict"
SIGNATORIES_AS_OF = "Code signatories as of {date}"
SOURCE = "Source: {sources}"
