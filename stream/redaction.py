"""Redaction of personal data in citizens' comments, before anything downstream sees them.

Pure and I/O-free; ``redact`` runs on every comment at ingest. What it replaces, with a
Swedish placeholder a team lead can read:

``[personnummer]`` / ``[samordningsnummer]``
    Ten digits ``ÅÅMMDDNNNN`` or twelve ``SSÅÅMMDDNNNN`` (century 18, 19 or 20), with ``-``,
    ``+`` (aged 100+) or an en dash (spaces around it allowed), one space or nothing before
    the last four. Only numbers whose date is a real day (29 February only in leap years
    when the century is written) and whose last digit passes the Luhn check on the
    ten-digit form count; a day of 61-91 (day + 60) makes it a samordningsnummer. A
    one-space separator is accepted only when no digit group stands right before or after
    (``1 811218 9876 5`` is a run of amounts, not a personnummer).
``[telefon]``
    Swedish numbers: ``0`` + area code or ``07x``, or ``+46`` / ``0046`` (optionally
    ``(0)``), then the subscriber number, in groups split by one space or a dash (``-`` or
    ``–``, spaces allowed around it): 7-9 digits after the trunk ``0``, as one run (8-9),
    or as area code (1-3 digits) plus groups (the first up to 8 digits, later ones 2-4).
    Extra trailing groups are left out (``070-123 45 67 10 gånger`` keeps ``10``). A
    valid personnummer wins over a phone reading, except that a valid one written as one
    run of ten digits starting ``07`` is read as a mobile number unless a cue
    (``personnummer``, ``pnr``, ``född`` …) stands in the 40 characters before it.
    A ten-digit run that fails the Luhn check but looks like a phone number is a phone.
``[e-post]``
    ``local@domain.tld`` with any Unicode letters or digits, a letter-only top-level
    domain of two or more letters.
``[adress]``
    A street word ending in gatan/gata/vägen/väg/gränd/torget/torg/stigen/allén/backen/
    plan/leden/esplanaden/kajen/platsen/stråket/slingan/promenaden/ringen/... followed by
    a house number (``12``, ``12B``, ``12 B``, ``12-14``), an optional ``lgh 1102`` and an
    optional postal code (``, 111 51``); the town after the code is kept. ``Sankt``,
    ``Gamla``, ``Norra`` … and genitive names (``Olof Palmes gata 5``, ``Karl XI:s gata 3``)
    are taken along. A bare ``Vägen 3`` / ``Torget 3`` counts only with such a name before
    it, or capitalised in mid-sentence (``bor på Esplanaden 5``).

Not redacted, on purpose (the things citizens write about their case): dates
(``2023-04-05``, ``05-04-2023``, ``5/4``), times and opening hours (``kl 14.30``,
``kl 08-12``), money (``1 500 kr``, ``2500:-``, ``1 050 000 kr``), case and reference
numbers (``ärende 2023-1234``, ``dnr BN 2023/456``, ``ärendenummer 01234567``), counts
(``45 minuter``, ``3 veckor``), years, organisation numbers (month 20+), ten-digit numbers
that fail the Luhn check and do not start with ``0``, road numbers (``riksväg 40``) and
floors (``våningsplan 2``).

Known limits: names of people are not redacted; street names without a house number, a
bare postal code with a town, P.O. boxes and foreign addresses are kept; lowercase street
words with risky suffixes (``plan``, ``led``, ``backe``…) are only taken when capitalised;
phone numbers written with dots (``070.123.45.67``), foreign numbers other than +46,
non-ASCII digits, spelled-out or obfuscated e-mail (``anna at gmail punkt com``) are kept;
a personnummer of someone born in 2007 written as one run of ten digits without a cue is
counted as a phone number (it is still redacted). Each pass scans with four precompiled
patterns after a fast check that the text has a digit or ``@`` at all; passes repeat until
nothing more is found, so ``redact`` is idempotent.

Examples
--------
>>> r = redact("Ring mig på 070-123 45 67, pnr 19811218-9876, bor på Storgatan 12B.")
>>> r.text
'Ring mig på [telefon], pnr [personnummer], bor på [adress].'
>>> r.found
{'personnummer': 1, 'phone': 1, 'address': 1}
>>> redact("Ärende 2023-1234, kl 14.30, 1 500 kr, väntade 45 minuter").found
{}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

PLACEHOLDERS: dict[str, str] = {
    "personnummer": "[personnummer]",
    "samordningsnummer": "[samordningsnummer]",
    "phone": "[telefon]",
    "email": "[e-post]",
    "address": "[adress]",
}
KINDS = tuple(PLACEHOLDERS)


@dataclass(frozen=True, slots=True)
class Redacted:
    """The redacted text and how many items of each kind were replaced (absent: none)."""

    text: str
    found: dict[str, int] = field(default_factory=dict)


# Every kind needs a digit, except e-mail which needs "@": most comments stop here.
_TRIGGER = re.compile(r"[0-9@]")

_DASH = "\\-\u2010\u2011\u2012\u2013\u2014"
_SP = " \u00a0"

_EMAIL = re.compile(
    r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
)

_PNR = re.compile(
    rf"(?<![0-9])(?P<century>18|19|20)?(?P<date>[0-9]{{6}})"
    rf"(?P<sep>[{_SP}]?[-+\u2013][{_SP}]?|[{_SP}])?(?P<last>[0-9]{{4}})(?![0-9])"
)
_PNR_CUE = re.compile(
    r"(?:person|samordnings|pers\.?)\s?(?:nummer|nr)|\bp(?:ers)?nr|\bsamnr|föd[df]|\bf\.\s?d\b",
    re.IGNORECASE,
)
_DIGIT_GROUP_BEFORE = re.compile(r"[0-9][ \u00a0]$")
_DIGIT_GROUP_AFTER = re.compile(r"[ \u00a0][0-9]")

_SEP = rf"(?:[{_SP}]?[{_DASH}][{_SP}]?|[{_SP}])"
_PHONE = re.compile(
    rf"(?<![\w+])"
    rf"(?:(?P<cc>(?:\+[{_SP}]?|00)46)[{_SP}]?[{_DASH}]?[{_SP}]?(?:\(0\)[{_SP}]?)?0?|\(?0)"
    rf"(?P<rest>[1-9][0-9]{{0,9}}\)?(?:{_SEP}[0-9]{{1,10}}){{0,6}})"
    rf"(?![0-9])"
)
_RUN = re.compile(r"[0-9]+")
# Words right before a number that make it a case, reference or account number, a time or
# a date rather than a phone number.
_NOT_PHONE_BEFORE = re.compile(
    r"(?:ärende\w*|dnr|diarie\w*|faktura\w*|ocr|order\w*|referens\w*|ref|konto\w*|kund\w*"
    r"|bankgiro|plusgiro|bg|pg|kl|klockan|öppet\w*|mellan|tider|datum|den|version|ver)"
    r"[\s.:#]*(?:nr|nummer)?[\s.:#]*$",
    re.IGNORECASE,
)
_MONEY_AFTER = re.compile(
    r"[\s\u00a0]*(?:kr\b|kronor|sek\b|:-|€|euro|\$|%|procent)", re.IGNORECASE
)
_DATE_LIKE = re.compile(rf"0[1-9][{_DASH}/.][0-9]{{1,2}}[{_DASH}/.](?:19|20)[0-9]{{2}}")

_SUFFIX_ANY_CASE = (
    "gatan", "gata", "vägen", "gränd", "gränden", "allén", "allé", "alle", "allen",
    "esplanaden", "torget", "stigen", "backen", "leden", "kajen", "stråket", "slingan",
)
_SUFFIX_CAPITALISED = (
    "väg", "torg", "stig", "backe", "plan", "planen", "led", "kaj", "platsen", "promenaden",
    "ringen", "kroken", "liden", "gången", "bron", "hamnen", "höjden", "esplanad", "vallen",
)
_SUFFIXES = _SUFFIX_ANY_CASE + _SUFFIX_CAPITALISED + ("plats",)
_NOT_STREETS = frozenset({
    "riksväg", "riksvägen", "länsväg", "länsvägen", "motorväg", "motorvägen", "europaväg",
    "europavägen", "gångväg", "gångvägen", "cykelväg", "cykelvägen", "detaljplan",
    "detaljplanen", "översiktsplan", "översiktsplanen", "våningsplan", "våningsplanet",
    "bottenplan", "entréplan", "källarplan", "handlingsplan", "handlingsplanen", "tidsplan",
    "tidsplanen", "affärsplan", "verksamhetsplan", "åtgärdsplan", "åtgärdsplanen", "vårdplan",
    "vårdplanen", "genomförandeplan", "genomförandeplanen", "arbetsplatsen", "hållplatsen",
    "parkeringsplatsen", "förskoleplatsen", "skolplatsen", "sittplatsen", "gatan", "vägen",
})
_STREET_PREFIX = (
    r"(?:(?:Sankt|S:t|St\.|Gamla|Nya|Stora|Lilla|Norra|Södra|Östra|Västra|Övre|Nedre|Yttre"
    r"|Inre|Mellersta)\s|(?:[A-ZÅÄÖ][a-zåäöéü]+\s)?(?:[A-ZÅÄÖ][a-zåäöéü]+s|[IVX]+:s)\s)"
)
_ADDRESS = re.compile(
    rf"(?<![\w-])(?P<pre>{_STREET_PREFIX})?"
    r"(?P<word>[^\W\d_](?:[^\W\d_]|-)*)\s"
    rf"(?P<num>[0-9]{{1,3}}(?:[{_SP}]?[{_DASH}][{_SP}]?[0-9]{{1,3}})?)(?![0-9]|[.,:][0-9])"
    r"(?:[A-Za-z](?!\w)|\s[A-Ha-d](?!\w))?"
    r"(?P<tail>(?:,?\s(?:lgh|lägenhet)\.?\s?(?:nr\.?\s?)?[0-9]{4}(?![0-9]))?"
    r"(?:,?\s[1-9][0-9]{2}\s?[0-9]{2}(?![0-9])(?!\s*(?:kr\b|kronor|:-)))?)"
)
_UNIT_AFTER = re.compile(
    r"\s*(?:gånger|ggr|gång\b|min\b|minut\w*|tim\w*|h\b|dag\w*|dygn|veck\w*|v\b|månad\w*|mån\b"
    r"|år\b|åren|kr\b|kronor|sek\b|:-|st\b|stycken|procent|%|meter|m\b|km\b|mil\b|person\w*"
    r"|pers\b|barn|sidor|samtal|ärenden)",
    re.IGNORECASE,
)

_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def luhn_ok(digits: str) -> bool:
    """Whether the last digit is the Luhn check digit of the others (weights 2, 1, 2, …).

    >>> luhn_ok("8112189876"), luhn_ok("8112189875")
    (True, False)
    """
    total = 0
    for i, ch in enumerate(digits[:-1]):
        d = (ord(ch) - 48) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10 == ord(digits[-1]) - 48


def id_number_kind(date: str, century: str | None = None) -> str | None:
    """``"personnummer"``, ``"samordningsnummer"`` or None for the ÅÅMMDD part of a number."""
    month, day = int(date[2:4]), int(date[4:6])
    kind = "personnummer"
    if day > 60:
        day -= 60
        kind = "samordningsnummer"
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return None
    if month == 2 and day == 29 and century is not None:
        year = int(century + date[:2])
        if year % 4 or (year % 100 == 0 and year % 400):
            return None
    return kind


def _id_number(text: str, m: re.Match[str]) -> str | None:
    date, last, sep = m.group("date"), m.group("last"), m.group("sep")
    kind = id_number_kind(date, m.group("century"))
    if kind is None or not luhn_ok(date + last):
        return None
    start, end = m.span()
    if sep is not None and not sep.strip() and (
        _DIGIT_GROUP_BEFORE.search(text, max(0, start - 2), start)
        or _DIGIT_GROUP_AFTER.match(text, end)
    ):
        return None
    if (m.group("century") is None and sep is None and date.startswith("07")
            and not _PNR_CUE.search(text, max(0, start - 40), start)):
        return "phone"  # 07x… in one run: far more often a mobile number than a child's pnr
    return kind


def _phone_end(text: str, m: re.Match[str], taken: list[tuple[int, int, str]]) -> int | None:
    """End of the phone number the match starts, or None when it is not one."""
    start = m.start()
    intl = m.group("cc") is not None
    runs = [(r.end() - r.start(), m.start("rest") + r.end()) for r in _RUN.finditer(m["rest"])]
    total, end = 0, None
    for i, (n, run_end) in enumerate(runs):
        if i == 1 and runs[0][0] > 3:  # a long first run is not an area code
            break
        if (i == 1 and not 2 <= n <= 8) or (i >= 2 and not 2 <= n <= 4):
            break
        total += n
        if total > 9:
            break
        if total >= (8 if len(runs) == 1 and not intl else 7):
            end = run_end
    if end is None:
        return None
    if start >= 2 and text[start - 1] in "-\u2013/.:" and text[start - 2].isdigit() and not any(
        s <= start - 2 < e for s, e, _ in taken
    ):
        return None  # the tail of a date or a case number such as 2023-0456
    if not intl and (
        _DATE_LIKE.fullmatch(text, start, end)
        or _NOT_PHONE_BEFORE.search(text, max(0, start - 30), start)
    ):
        return None
    if _MONEY_AFTER.match(text, end):
        return None
    return end


def _is_street(text: str, m: re.Match[str]) -> bool:
    pre, word = m.group("pre"), m.group("word")
    lower = word.lower()
    if not lower.endswith(_SUFFIXES) or (lower in _NOT_STREETS and not pre):
        return False
    for suffix in _SUFFIXES:
        if lower.endswith(suffix):
            if len(lower) == len(suffix):
                # "vägen 3" is a way; "Gamla vägen 3" and "… på Esplanaden 3" are streets.
                return bool(pre) or (word[0].isupper() and not _sentence_start(text, m.start()))
            if len(lower) - len(suffix) < 2:
                continue
            if suffix in _SUFFIX_ANY_CASE:
                return True
            return word[0].isupper() and suffix != "plats"
    return False


def _sentence_start(text: str, pos: int) -> bool:
    before = text[max(0, pos - 40):pos].rstrip()
    return not before or before[-1] in ".!?:;\"'(\n"


def _free(taken: list[tuple[int, int, str]], start: int, end: int) -> bool:
    return all(end <= s or start >= e for s, e, _ in taken)


def _spans(text: str) -> list[tuple[int, int, str]]:
    taken: list[tuple[int, int, str]] = []
    if "@" in text:
        taken.extend((m.start(), m.end(), "email") for m in _EMAIL.finditer(text))
    for m in _PNR.finditer(text):
        kind = _id_number(text, m)
        if kind is not None and _free(taken, *m.span()):
            taken.append((m.start(), m.end(), kind))
    # Searched from each rejected start + 1, not with finditer: a rejected candidate
    # ("kl 08-12 070-123 …") must not hide a number that starts inside it.
    pos = 0
    while (phone := _PHONE.search(text, pos)) is not None:
        end = _phone_end(text, phone, taken)
        if end is not None and _free(taken, phone.start(), end):
            taken.append((phone.start(), end, "phone"))
            pos = end
        else:
            pos = phone.start() + 1
    pos = 0
    while (street := _ADDRESS.search(text, pos)) is not None:
        if (_is_street(text, street)
                and not _UNIT_AFTER.match(text, street.end("num"))
                and _free(taken, *street.span())):
            taken.append((street.start(), street.end(), "address"))
            pos = street.end()
        else:
            pos = street.start("word") + 1 if street.group("pre") else street.start() + 1
    return taken


def redact(text: str) -> Redacted:
    """Replace personal data in ``text`` with placeholders; counts per kind in ``found``.

    >>> redact("Mejla anna.svensson@gmail.com eller ring +46 70 123 45 67").text
    'Mejla [e-post] eller ring [telefon]'
    >>> redact("Samordningsnummer 811278-9873").found
    {'samordningsnummer': 1}
    """
    found: dict[str, int] = {}
    while _TRIGGER.search(text):
        spans = _spans(text)
        if not spans:
            break
        spans.sort()
        parts: list[str] = []
        pos = 0
        for start, end, kind in spans:
            parts.append(text[pos:start])
            parts.append(PLACEHOLDERS[kind])
            found[kind] = found.get(kind, 0) + 1
            pos = end
        parts.append(text[pos:])
        text = "".join(parts)
    return Redacted(text, {k: found[k] for k in KINDS if k in found})
