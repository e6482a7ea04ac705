"""Rules that propose whether a draft is atrocity-related, from its title and agenda.

They only propose "yes" on clear words and otherwise leave the draft undecided; they never
override a classification made by the data's curators or by the operator.
"""

from __future__ import annotations

import re

from bot.domain.model import Atrocity, Classification, Vote

_SIGNALS: tuple[tuple[str, str], ...] = (
    (r"\bgenocide\b", "mentions genocide"),
    (r"\bwar crimes?\b", "mentions war crimes"),
    (r"\bcrimes against humanity\b", "mentions crimes against humanity"),
    (r"\bprotection of civilians\b", "protection of civilians"),
    (r"\bchemical weapons?\b", "chemical weapons use"),
    (r"\bstarvation\b", "starvation as a method of warfare"),
    (r"\b(cease-?fire|cessation of hostilities)\b", "ceasefire in an armed conflict"),
    (r"\bhumanitarian (access|assistance|aid|pause|corridor)s?\b", "humanitarian access"),
    (r"\bcross-?border (aid|humanitarian|assistance)", "cross-border humanitarian access"),
    (r"\b(atrocit(y|ies)|ethnic cleansing)\b", "mentions atrocity crimes"),
)


def propose(vote: Vote) -> Classification:
    """The vote's own classification if someone decided; else a rule's proposal; else undecided.

    Curators who leave a vote undecided on purpose ("the operator's call": a rival draft, a
    sanctions renewal) have decided too: a keyword must not turn that into a Code verdict.
    """
    decided = vote.classification.decided_by not in ("nobody", "rules")
    if decided or vote.classification.atrocity is not Atrocity.UNDECIDED:
        return vote.classification
    text = " ".join((vote.title, vote.short_title, vote.agenda)).lower()
    reasons = [reason for pattern, reason in _SIGNALS if re.search(pattern, text)]
    if reasons:
        return Classification(Atrocity.YES, "rules", "; ".join(reasons))
    return Classification(Atrocity.UNDECIDED, "rules", "no rule matched")
