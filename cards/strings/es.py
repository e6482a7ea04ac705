"""The Spanish table: the words of the UN's Spanish press releases (Cobertura de reuniones,
press.un.org/es) and other UN Spanish texts; the Code's official Spanish text
(A/70/621–S/2015/978) was not found, so only its short name is used. The source of each term
is in docs/translations.md, the review's decisions in docs/translations-review.md.

Wordings that would have to agree with a state's gender are avoided ("Abstención: China"
rather than "China se abstuvo" beside "la Federación de Rusia se abstuvo").
"""

from __future__ import annotations

from datetime import date

from bot.domain.model import Choice
from cards.strings.words import Words, starts_with

MONTHS = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)
SHORT_MONTHS = (
    "ene.",
    "feb.",
    "mar.",
    "abr.",
    "may.",
    "jun.",
    "jul.",
    "ago.",
    "sept.",
    "oct.",
    "nov.",
    "dic.",
)


def long_date(day: date) -> str:
    """ "8 de octubre de 2016": as UN Spanish documents write dates."""
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def short_date(day: date) -> str:
    """ "8 oct. 2016", for footers and post texts where space is tight."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"


def join_names(items: list[str]) -> str:
    """ "A, B y C"; "y" becomes "e" before a word that starts with the sound i ("Francia e
    Irlanda"), as Spanish spelling rules require (but "y hielo": before "hie" it stays)."""
    if len(items) <= 1:
        return "".join(items)
    last = items[-1]
    lowered = last.lower()
    sounds_i = lowered.startswith(("i", "í", "hi", "hí")) and not lowered.startswith("hie")
    return ", ".join(items[:-1]) + (" e " if sounds_i else " y ") + last


def _flags(what: str) -> tuple[str, str]:
    return (
        f"{what} de un signatario del Código: {{members}}",
        f"{what} de signatarios del Código: {{members}}",
    )


SPANISH = Words(
    LANGUAGE="es",
    HASHTAG="#ACTcodeofconduct",
    COLON=": ",
    CHOICE_WORD={
        Choice.YES: "A favor",
        Choice.NO: "En contra",
        Choice.ABSTAIN: "Abstención",
        Choice.NOT_VOTING: "No votó",
    },
    PERMANENT_MARK="P5",
    VETO_WORD="veto",
    VETO_MARK="(veto)",
    SIGNATORY="Signatario del Código",
    NOT_SIGNATORY="No signatario",
    SIGNATORY_SHORT="Signatario",
    NOT_SIGNATORY_SHORT="No signatario",
    NOT_ON_LIST="No figura en la lista de {year}",
    NOT_ON_LIST_SHORT="Fuera de lista {year}",
    NOT_LISTED="Fuera de lista",
    ON_LATER_LIST="En la lista de {year}",
    ON_LATER_LIST_SHORT="Lista de {year}",
    VETOED_BY="Vetado por {members}",
    ADOPTED="Aprobada por {tally}",
    ADOPTED_ALONE="Aprobada",
    ADOPTED_PROCEDURAL="Aprobada por {tally} (votación de procedimiento)",
    ADOPTED_PROCEDURAL_ALONE="Aprobada en una votación de procedimiento, en la que no cabe el veto",
    NOT_ADOPTED="No aprobado ({yes} a favor, {no} en contra)",
    NOT_ADOPTED_ALONE="No aprobado",
    TALLY_DASHED="{yes}–{no}–{abstain}",
    TALLY_IN_FAVOUR=("{n} voto a favor", "{n} votos a favor"),
    TALLY_AGAINST=("{n} en contra", "{n} en contra"),
    TALLY_ABSTAINED=("{n} abstención", "{n} abstenciones"),
    TALLY_NOT_VOTING=("{n} no participó en la votación", "{n} no participaron en la votación"),
    COUNCIL="Consejo de Seguridad de la ONU",
    DRAFT_LABEL="Proyecto de resolución {symbol}",
    RESOLUTION_LABEL="Resolución {symbol}",
    DRAFT_IN_TEXT="el proyecto de resolución {symbol}",
    RESOLUTION_IN_TEXT="la resolución {symbol}",
    CODE_FLAGS={
        Choice.NO: _flags("Voto en contra"),
        Choice.ABSTAIN: _flags("Abstención"),
        Choice.NOT_VOTING: _flags("No participación en la votación"),
    },
    ALL_SIGNATORIES_IN_FAVOUR="Todos los signatarios del Código en el Consejo votaron a favor",
    ALL_KNOWN_SIGNATORIES_IN_FAVOUR=(
        "Todos los signatarios conocidos del Código en el Consejo votaron a favor"
    ),
    NO_SIGNATORY_SEATED="Ningún signatario del Código era miembro del Consejo en esta votación",
    NO_KNOWN_SIGNATORY_SEATED=(
        "Ningún miembro del Consejo en esta votación consta como signatario del Código"
    ),
    PREDATES=(
        "Votación anterior al Código de Conducta del grupo ACT (presentado el 23 de octubre "
        "de 2015)"
    ),
    NOT_ATROCITY=(
        "No clasificado como relativo a crímenes atroces: el compromiso del Código no se aplica"
    ),
    UNDECIDED="Aún no clasificado como relativo a crímenes atroces: no se evalúa según el Código",
    SOURCE="Fuente: {sources}",
    SIGNATORIES_AS_OF="Signatarios del Código al {date}",
    LEGEND_AS_OF=(
        "P5: miembro permanente · signatarios del Código de Conducta del grupo ACT al {date}"
    ),
    SEPARATOR=" · ",
    ALT_INTRO=(
        "Resultados de la votación del Consejo de Seguridad de la ONU sobre {symbol}, "
        "celebrada el {date}{title}."
    ),
    ALT_GROUP="{choice}, {count}: ",
    ALT_PERMANENT="Miembros permanentes: {members}.",
    ALT_SOURCE="Fuente: {sources}.",
    GROUP_SIGNED=("{names}, signatario del Código", "{names}, signatarios del Código"),
    GROUP_UNSIGNED=("{names}, no signatario", "{names}, no signatarios"),
    GROUP_NOT_ON_LIST=(
        "{names}, que no figura en la lista de {year}",
        "{names}, que no figuran en la lista de {year}",
    ),
    GROUP_ON_LATER_LIST=(
        "{names}, en la lista de {year}, fecha de adhesión desconocida",
        "{names}, en la lista de {year}, fechas de adhesión desconocidas",
    ),
    GROUP_SEPARATOR="; ",
    GROUPS_CAPITALISED=False,
    POST_HEAD="{headline}: {symbol}, {date}",
    PERIOD_KICKER=(
        "Consejo de Seguridad de la ONU · votaciones sobre proyectos relativos a crímenes "
        "atroces · {period}"
    ),
    PERIOD_HEADLINE="{period}: {counts}",
    PERIOD_COUNTS="{drafts} {drafts_phrase}, {vetoed} {vetoed_word}",
    PERIOD_DRAFTS=(  # the kicker says they were votes; the headline must fit one line
        "proyecto relativo a crímenes atroces",
        "proyectos relativos a crímenes atroces",
    ),
    PERIOD_VETOED=("vetado", "vetados"),
    PERIOD_COUNTS_NONE="ningún proyecto relativo a crímenes atroces",
    DRAFT_WORD=("proyecto", "proyectos"),
    PERIOD_RANGE="{start} – {end}",
    PERIOD_FLAGS={"against": _flags("Voto en contra"), "abstained": _flags("Abstención")},
    PERIOD_FLAG_MEMBER="{member} ({count} {draft_word})",
    PERIOD_NO_FLAGS="Ningún signatario del Código votó en contra ni se abstuvo en estos proyectos",
    PERIOD_NO_DRAFTS=(
        "Ningún proyecto relativo a crímenes atroces fue sometido a votación en este período"
    ),
    PERIOD_PREDATES=(
        "Votaciones anteriores al Código de Conducta del grupo ACT (presentado el 23 de octubre "
        "de 2015)"
    ),
    PERIOD_VETOES=("{count} veto", "{count} vetos"),
    PERIOD_NOT_COUNTED=(
        "No se cuenta {count} votación más, no clasificada como relativa a crímenes atroces",
        "No se cuentan {count} votaciones más, no clasificadas como relativas a crímenes atroces",
    ),
    PERIOD_LEGEND=("a favor", "en contra", "abstención"),
    PERIOD_SOURCE="Fuentes: {sources}",
    PERIOD_SOURCES_TOP="{publisher} ({count} de {total}) y otras",
    PERIOD_LEGEND_LEAD="Votos de cada miembro sobre estos proyectos:",
    PERIOD_ALT_INTRO=(
        "Resultados de las votaciones del Consejo de Seguridad de la ONU sobre "
        "proyectos relativos a crímenes atroces, {period}: {counts}."
    ),
    PERIOD_ALT_DRAFTS=("proyecto sometido a votación", "proyectos sometidos a votación"),
    PERIOD_ALT_COUNTS={
        "in_favour": ("{n} voto a favor", "{n} votos a favor"),
        "against": ("{n} voto en contra", "{n} votos en contra"),
        "abstained": ("{n} abstención", "{n} abstenciones"),
        "not_voting": ("{n} vez sin participar", "{n} veces sin participar"),
    },
    PERIOD_ALT_VETOES=("{n} veto", "{n} vetos"),
    PERIOD_ALT_NO_VOTES="Ningún voto",
    PERIOD_ALT_EACH="{counts} cada uno",
    PERIOD_POST_TOP_VETO="Vetos: {members}",
    PERIOD_POST_VETO_MEMBER="{member} ({count})",
    # Formas breves cuando los nombres no caben; las casillas muestran a cada miembro.
    VETOED_BY_COUNT="Vetado por {count} miembros permanentes",
    CODE_FLAGS_TALLY=("Signatario del Código: {counts}", "Signatarios del Código: {counts}"),
    CODE_FLAG_COUNT={
        Choice.NO: ("{count} votó en contra", "{count} votaron en contra"),
        Choice.ABSTAIN: ("{count} se abstuvo", "{count} se abstuvieron"),
        Choice.NOT_VOTING: (
            "{count} no participó en la votación",
            "{count} no participaron en la votación",
        ),
    },
    is_singular=lambda count: count == 1,
    is_plural_name=starts_with("los ", "las "),
    join_names=join_names,
    long_date=long_date,
    short_date=short_date,
)
