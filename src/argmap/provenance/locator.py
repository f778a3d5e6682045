"""Locators (`at "…"`): which units of a source they name.

    §參.二 ¶7          paragraph 7 of section 參.二
    §壹 ¶2–3, ¶5       paragraphs 2 to 3 and 5 of 壹 ("-", "–", "—" and "、" too)
    §貳                the whole section, its subsections included
    ¶12                paragraph 12, counted from the start of the text
    §叁 表2            table 2, in section 叁
    p. 12 / pp. 12–13  a page or pages (the `pages` scheme)
    p. 12 ¶2           paragraph 2 of page 12

Several places are joined by ";" (or by "," before a § or p.):
"§摘要; §參.二 ¶7".
"""

from __future__ import annotations

import re

from argmap.provenance.index import SourceIndex, Unit

_DASH = r"\s*[–—-]\s*"
_NUMS = rf"\d+(?:{_DASH}¶?\d+)?(?:\s*[,、，]\s*¶?\d+(?:{_DASH}¶?\d+)?)*"
_PART = re.compile(rf"^(?:§\s*(?P<sec>[^\s¶;；]+))?\s*(?:(?P<kind>¶|表)\s*(?P<nums>{_NUMS}))?$")
_PAGE = re.compile(rf"^(?P<pp>pp?)\.\s*(?P<first>\d+)(?:{_DASH}(?P<last>\d+))?(?:\s*¶\s*(?P<nums>{_NUMS}))?$")
_SPLIT = re.compile(r"\s*[;；]\s*|\s*[,，]\s*(?=§|pp?\.\s*\d)")


def numbers(spec: str) -> list[int]:
    """"2–4, 7" → [2, 3, 4, 7]."""
    out: list[int] = []
    for piece in re.split(r"\s*[,、，]\s*", spec.replace("¶", "")):
        bounds = re.split(_DASH, piece.strip())
        first, last = int(bounds[0]), int(bounds[-1])
        if last - first > 10_000:  # "¶1–99999999": a slip, not a range to build
            last = first + 10_000
        out.extend(range(first, last + 1))
    return out


def _page_range(first: str, last: str | None) -> list[str]:
    """"pp. 112–13" means 112 to 113, as in a bibliography."""
    if last is None:
        return [first]
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    lo, hi = int(first), int(last)
    return [str(p) for p in range(lo, min(hi, lo + 10_000) + 1)]


def parts(locator: str) -> list[str]:
    return [p for p in (s.strip() for s in _SPLIT.split(locator.strip())) if p] or [locator.strip()]


def resolve(index: SourceIndex, locator: str) -> tuple[list[Unit], list[str]]:
    """The units a locator names, in the order named, and what is wrong with
    it (one message per part that names nothing or cannot be read)."""
    units: list[Unit] = []
    problems: list[str] = []
    for part in parts(locator):
        found, problem = _resolve_part(index, part)
        units.extend(u for u in found if u not in units)
        if problem:
            problems.append(problem)
    return units, problems


def _resolve_part(index: SourceIndex, part: str) -> tuple[list[Unit], str | None]:
    if not part:
        return [], "the locator is empty"
    page = _PAGE.match(part)
    if page:
        return _resolve_page(index, part, page)
    m = _PART.match(part)
    if not m or not (m["sec"] or m["kind"]):
        return [], f"cannot read {part}"
    sec, kind = m["sec"], m["kind"]
    if sec is not None:
        if not index.sectioned:
            return [], f"{part} names a section; the `{index.scheme}` scheme counts none"
        key = index.section_names.get(sec) or index.section_names.get(sec.replace(" ", ""))
        if key is None:
            return [], f"no section §{sec} in the source"
        sec = key
    if kind is None:
        found = index.within(sec)
        return found, None if found else f"§{sec} holds no paragraph"
    wanted = numbers(m["nums"])
    if not wanted:
        return [], f"{part} names an empty range"
    if kind == "表":
        pool = [u for u in index.units if u.kind == "table" and (sec is None or u.section == sec)]
        by_number = {u.label: u for u in pool}
        found = [by_number[f"表{n}"] for n in wanted if f"表{n}" in by_number]
        missing = [n for n in wanted if f"表{n}" not in by_number]
        if missing:
            where = f"§{sec}" if sec else "the source"
            have = ", ".join(u.label for u in pool) or "none"
            return found, f"{where} has no 表{missing[0]} (tables: {have})"
        return found, None
    if sec is not None:  # counted within the section
        pool = index.paragraphs(sec)
        by_number = {i: u for i, u in enumerate(pool, 1)}
    else:  # from the start of the text, or as printed (`numbered`)
        pool = index.paragraphs()
        by_number = {u.number: u for u in pool}
    found = [by_number[n] for n in wanted if n in by_number]
    bad = [n for n in wanted if n not in by_number]
    if bad:
        where = f"§{sec}" if sec is not None else "the source"
        name = f"§{sec} ¶{bad[0]}" if sec is not None else f"¶{bad[0]}"
        printed = sorted(by_number)
        if printed and printed != list(range(1, len(printed) + 1)):
            return found, f"{name} does not exist (the source numbers its paragraphs {printed[0]} to {printed[-1]})"
        count = f"{len(pool)} paragraph{'s' if len(pool) != 1 else ''}"
        return found, f"{name} does not exist ({where} has {count})"
    return found, None


def _resolve_page(index: SourceIndex, part: str, m: re.Match) -> tuple[list[Unit], str | None]:
    if not index.paged:
        return [], f"{part} names a page; the `{index.scheme}` scheme counts none"
    pages = _page_range(m["first"], m["last"])
    known = index.pages
    missing = [p for p in pages if p not in known]
    if missing:
        span = f"{known[0]}–{known[-1]}" if known else "none"
        return [], f"no page {missing[0]} in the source (pages: {span})"
    on = [u for u in index.units if u.page in pages]
    if m["nums"] is None:
        return on, None
    if len(pages) > 1:
        return [], f"cannot read {part}: name one page with ¶ (p. {pages[0]} ¶N)"
    paras = [u for u in on if u.kind == "paragraph"]
    wanted = numbers(m["nums"])
    bad = [n for n in wanted if not 1 <= n <= len(paras)]
    found = [paras[n - 1] for n in wanted if 1 <= n <= len(paras)]
    if bad:
        return found, f"p. {pages[0]} ¶{bad[0]} does not exist (p. {pages[0]} has {len(paras)} paragraphs)"
    return found, None
