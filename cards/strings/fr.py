"""The French table: the words of the UN's French press releases (Couverture des réunions,
press.un.org/fr) and other UN French texts; the Code's official French text
(A/70/621–S/2015/978) was not found, so only its short name is used. The source of each term
is in docs/translations.md, the review's decisions in docs/translations-review.md.

French sets a no-break space before a colon (NBSP below), so a line never starts with one.
Wordings that would have to agree with a state's gender are avoided ("Abstention : Chine"
rather than "la Chine s'est abstenue").
"""

from __future__ import annotations

from datetime import date

from bot.domain.model import Choice
from cards.strings.words import Words, join_with, starts_with

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space, before ";" (alt texts only)

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
SHORT_MONTHS = (
    "janv.",
    "févr.",
    "mars",
    "avr.",
    "mai",
    "juin",
    "juill.",
    "août",
    "sept.",
    "oct.",
    "nov.",
    "déc.",
)


def _day(day: date) -> str:
    return "1er" if day.day == 1 else str(day.day)


def long_date(day: date) -> str:
    """ "8 octobre 2016", "1er mars 2024": as UN French documents write dates."""
    return f"{_day(day)} {MONTHS[day.month - 1]} {day.year}"


def short_date(day: date) -> str:
    """ "8 oct. 2016", for footers and post texts where space is tight."""
    return f"{_day(day)} {SHORT_MONTHS[day.month - 1]} {day.year}"


def _flags(what: str) -> tuple[str, str]:
    return (
        f"{what} d'un signataire du Code{NBSP}: {{members}}",
        f"{what} de signataires du Code{NBSP}: {{members}}",
    )


FRENCH = Words(
    LANGUAGE="fr",
    HASHTAG="#ACTcodeofconduct",
    COLON=f"{NBSP}: ",
    CHOICE_WORD={
        Choice.YES: "Pour",
        Choice.NO: "Contre",
        Choice.ABSTAIN: "Abstention",
        Choice.NOT_VOTING: "N'a pas voté",
    },
    PERMANENT_MARK="P5",
    VETO_WORD="veto",
    VETO_MARK="(veto)",
    SIGNATORY="Signataire du Code",
    NOT_SIGNATORY="Non signataire",
    SIGNATORY_SHORT="Signataire",
    NOT_SIGNATORY_SHORT="Non signataire",
    NOT_ON_LIST="Ne figure pas sur la liste de {year}",
    NOT_ON_LIST_SHORT="Hors liste {year}",
    NOT_LISTED="Hors liste",
    ON_LATER_LIST="Sur la liste de {year}",
    ON_LATER_LIST_SHORT="Liste de {year}",
    VETOED_BY="Veto opposé par {members}",
    ADOPTED="Adoptée par {tally}",
    ADOPTED_ALONE="Adoptée",
    ADOPTED_PROCEDURAL="Adoptée par {tally} (vote de procédure)",
    ADOPTED_PROCEDURAL_ALONE="Adoptée par un vote de procédure, non soumis au veto",
    NOT_ADOPTED="Non adopté ({yes} voix pour, {no} voix contre)",
    NOT_ADOPTED_ALONE="Non adopté",
    TALLY_DASHED="{yes}–{no}–{abstain}",
    TALLY_IN_FAVOUR=("{n} voix pour", "{n} voix pour"),
    TALLY_AGAINST=("{n} voix contre", "{n} voix contre"),
    TALLY_ABSTAINED=("{n} abstention", "{n} abstentions"),
    TALLY_NOT_VOTING=("{n} non-participation au vote", "{n} non-participations au vote"),
    COUNCIL="Conseil de sécurité de l'ONU",
    DRAFT_LABEL="Projet de résolution {symbol}",
    RESOLUTION_LABEL="Résolution {symbol}",
    DRAFT_IN_TEXT="le projet de résolution {symbol}",
    RESOLUTION_IN_TEXT="la résolution {symbol}",
    CODE_FLAGS={
        Choice.NO: _flags("Vote contre"),
        Choice.ABSTAIN: _flags("Abstention"),
        Choice.NOT_VOTING: _flags("Non-participation au vote"),
    },
    ALL_SIGNATORIES_IN_FAVOUR="Tous les signataires du Code siégeant au Conseil ont voté pour",
    ALL_KNOWN_SIGNATORIES_IN_FAVOUR=(
        "Tous les signataires connus du Code siégeant au Conseil ont voté pour"
    ),
    NO_SIGNATORY_SEATED="Aucun signataire du Code ne siégeait au Conseil lors de ce vote",
    NO_KNOWN_SIGNATORY_SEATED=(
        "Aucun membre connu comme signataire du Code ne siégeait au Conseil lors de ce vote"
    ),
    PREDATES="Vote antérieur au Code de conduite du groupe ACT (lancé le 23 octobre 2015)",
    NOT_ATROCITY=(
        "Non classé comme portant sur des atrocités criminelles : "
        "l'engagement du Code ne s'applique pas"
    ).replace(" :", f"{NBSP}:"),
    UNDECIDED=(
        "Pas encore classé comme portant sur des atrocités criminelles : "
        "non évalué au regard du Code"
    ).replace(" :", f"{NBSP}:"),
    SOURCE=f"Source{NBSP}: {{sources}}",
    SIGNATORIES_AS_OF="Signataires du Code au {date}",
    LEGEND_AS_OF=(
        f"P5{NBSP}: membre permanent · signataires du Code de conduite du groupe ACT au {{date}}"
    ),
    SEPARATOR=" · ",
    ALT_INTRO=("Résultats du vote du Conseil de sécurité de l'ONU sur {symbol}, le {date}{title}."),
    ALT_GROUP=f"{{choice}}, {{count}}{NBSP}: ",
    ALT_PERMANENT=f"Membres permanents{NBSP}: {{members}}.",
    ALT_SOURCE=f"Source{NBSP}: {{sources}}.",
    GROUP_SIGNED=("{names}, signataire du Code", "{names}, signataires du Code"),
    GROUP_UNSIGNED=("{names}, non signataire", "{names}, non signataires"),
    GROUP_NOT_ON_LIST=(
        "{names}, ne figurant pas sur la liste de {year}",
        "{names}, ne figurant pas sur la liste de {year}",
    ),
    GROUP_ON_LATER_LIST=(
        "{names}, sur la liste de {year}, date d'adhésion inconnue",
        "{names}, sur la liste de {year}, dates d'adhésion inconnues",
    ),
    GROUP_SEPARATOR=f"{NNBSP}; ",
    GROUPS_CAPITALISED=False,
    POST_HEAD=f"{{headline}}{NBSP}: {{symbol}}, {{date}}",
    PERIOD_KICKER=(
        "Conseil de sécurité de l'ONU · votes sur les projets relatifs aux atrocités "
        "criminelles · {period}"
    ),
    PERIOD_HEADLINE=f"{{period}}{NBSP}: {{counts}}",
    PERIOD_COUNTS="{drafts} {drafts_phrase}, dont {vetoed} {vetoed_word}",
    PERIOD_DRAFTS=(  # the kicker says they were votes; the headline must fit one line
        "projet relatif aux atrocités",
        "projets relatifs aux atrocités",
    ),
    PERIOD_VETOED=("bloqué par veto", "bloqués par veto"),
    PERIOD_COUNTS_NONE="aucun projet relatif aux atrocités criminelles mis aux voix",
    DRAFT_WORD=("projet", "projets"),
    PERIOD_RANGE="{start} – {end}",
    PERIOD_FLAGS={"against": _flags("Vote contre"), "abstained": _flags("Abstention")},
    PERIOD_FLAG_MEMBER="{member} ({count} {draft_word})",
    PERIOD_NO_FLAGS="Aucun signataire du Code n'a voté contre ces projets ni ne s'est abstenu",
    PERIOD_NO_DRAFTS=(
        "Aucun projet relatif aux atrocités criminelles n'a été mis aux voix pendant la période"
    ),
    PERIOD_PREDATES=(
        "Ces votes sont antérieurs au Code de conduite du groupe ACT (lancé le 23 octobre 2015)"
    ),
    PERIOD_VETOES=("{count} veto", "{count} vetos"),
    PERIOD_NOT_COUNTED=(
        "{count} autre vote, non classé comme relatif aux atrocités criminelles, n'est pas pris en "
        "compte",
        "{count} autres votes, non classés comme relatifs aux atrocités criminelles, "
        "ne sont pas pris en compte",
    ),
    PERIOD_LEGEND=("pour", "contre", "abstention"),
    PERIOD_SOURCE=f"Sources{NBSP}: {{sources}}",
    PERIOD_SOURCES_TOP="{publisher} ({count} sur {total}) et autres",
    PERIOD_LEGEND_LEAD=f"Votes de chaque membre sur ces projets{NBSP}:",
    PERIOD_ALT_INTRO=(
        "Résultats des votes du Conseil de sécurité de l'ONU sur les projets relatifs "
        f"aux atrocités criminelles, {{period}}{NBSP}: {{counts}}."
    ),
    PERIOD_ALT_DRAFTS=("projet mis aux voix", "projets mis aux voix"),
    PERIOD_ALT_COUNTS={
        "in_favour": ("{n} vote pour", "{n} votes pour"),
        "against": ("{n} vote contre", "{n} votes contre"),
        "abstained": ("{n} abstention", "{n} abstentions"),
        "not_voting": ("{n} non-participation au vote", "{n} non-participations au vote"),
    },
    PERIOD_ALT_VETOES=("{n} veto", "{n} vetos"),
    PERIOD_ALT_NO_VOTES="Aucun vote",
    PERIOD_ALT_EACH="{counts} chacun",
    PERIOD_POST_TOP_VETO=f"Vetos{NBSP}: {{members}}",
    PERIOD_POST_VETO_MEMBER="{member} ({count})",
    # Formes courtes quand les noms ne tiennent pas ; les tuiles montrent chaque membre.
    VETOED_BY_COUNT="Veto opposé par {count} membres permanents",
    CODE_FLAGS_TALLY=(
        f"Signataire du Code{NBSP}: {{counts}}",
        f"Signataires du Code{NBSP}: {{counts}}",
    ),
    CODE_FLAG_COUNT={
        Choice.NO: ("{count} a voté contre", "{count} ont voté contre"),
        Choice.ABSTAIN: ("{count} s'est abstenu", "{count} se sont abstenus"),
        Choice.NOT_VOTING: (
            "{count} n'a pas participé au vote",
            "{count} n'ont pas participé au vote",
        ),
    },
    is_singular=lambda count: count < 2,  # French: 0 and 1 take the singular
    is_plural_name=starts_with("les "),
    join_names=join_with("et"),
    long_date=long_date,
    short_date=short_date,
)
