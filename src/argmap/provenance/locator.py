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
# Bare separators, the parts stripped after: a `\s*` before them would scan a
# long run of spaces from every space in it (quadratic).
_SPLIT = re.compile(r"[;；]|[,，](?=\s*(?:§|pp?\.\s*\d))")


def numbers(spec: str) -> list[tuple[int, int]]:
    """"2–4, 7" → [(2, 4), (7, 7)]: ranges, never spelt out, so that a slip
    such as "¶1–999999999" costs nothing."""
    out: list[tuple[int, int]] = []
    for piece in re.split(r"[,、，]", spec.replace("¶", "")):  # bare, as in _SPLIT
        bounds = re.split(r"[–—-]", piece)
        out.append((int(bounds[0].strip()), int(bounds[-1].strip())))
    return out


def _pick(by_number: dict[int, Unit], keys: list[int], wanted: list[tuple[int, int]]) -> tuple[list[Unit], int | None]:
    """The units whose numbers fall in the ranges, in the order named, and the
    first number named that no unit has (None: all are there). `keys` are
    the numbers of `by_number`, sorted. Linear in what is found, not in the
    width of a range."""
    from bisect import bisect_left, bisect_right

    found: list[Unit] = []
    bad: int | None = None
    for first, last in wanted:
        lo, hi = bisect_left(keys, first), bisect_right(keys, last)
        found += [by_number[n] for n in keys[lo:hi]]
        if bad is None and hi - lo != last - first + 1:
            # the first gap: before the first unit, between two, or after the last
            expected = first
            for n in keys[lo:hi]:
                if n != expected:
                    break
                expected += 1
            bad = expected
    return found, bad


def _page_range(first: str, last: str | None) -> tuple[int, int]:
    """"pp. 112–13" means 112 to 113, as in a bibliography."""
    if last is None:
        return int(first), int(first)
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return int(first), int(last)


def _pages_span(known: list[str]) -> str:
    """"1–9" when the pages run without a gap, else "1, 2, 9" (a few of them)."""
    if not known:
        return "none"
    if all(p.isdigit() for p in known) and [int(p) for p in known] == list(range(int(known[0]), int(known[0]) + len(known))):
        return known[0] if len(known) == 1 else f"{known[0]}–{known[-1]}"
    return ", ".join(known[:12]) + (", …" if len(known) > 12 else "")


def parts(locator: str) -> list[str]:
    return [p for p in (s.strip() for s in _SPLIT.split(locator.strip())) if p] or [locator.strip()]


def resolve(index: SourceIndex, locator: str) -> tuple[list[Unit], list[str]]:
    """The units a locator names, in the order named, and what is wrong with
    it (one message per part that names nothing or cannot be read)."""
    units: list[Unit] = []
    seen: set[int] = set()
    problems: list[str] = []
    for part in parts(locator):
        found, problem = _resolve_part(index, part)
        for unit in found:
            if id(unit) not in seen:
                seen.add(id(unit))
                units.append(unit)
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
            from argmap.diagnostics import did_you_mean

            # Titles only: for a number ("§III", "§貳.九") the nearest other number is a guess, not a spelling
            titles = [name for h in index.headings[:500] for name in h.names]
            guess = did_you_mean(sec, titles)
            return [], f"no section §{sec} in the source" + (f" (did you mean §{guess}?)" if guess else "")
        sec = key
    if kind is None:
        found = index.within(sec)
        return found, None if found else f"§{sec} holds no paragraph"
    wanted = numbers(m["nums"])
    if any(last < first for first, last in wanted):
        return [], f"{part} names an empty range"
    if kind == "表":
        pool = [u for u in index.units if u.kind == "table" and (sec is None or u.section == sec)]
        tables = {int(u.label[1:]): u for u in pool}
        found, missing = _pick(tables, sorted(tables), wanted)
        if missing is not None:
            where = f"§{sec}" if sec else "the source"
            have = ", ".join(u.label for u in pool) or "none"
            return found, f"{where} has no 表{missing} (tables: {have})"
        return found, None
    if sec is not None:  # counted within the section
        pool = index.paragraphs(sec)
        by_number = {i: u for i, u in enumerate(pool, 1)}
    else:  # from the start of the text, or as printed (`numbered`)
        pool = index.paragraphs()
        by_number = {u.number: u for u in pool}
    printed = sorted(by_number)
    found, bad = _pick(by_number, printed, wanted)
    if bad is not None:
        where = f"§{sec}" if sec is not None else "the source"
        name = f"§{sec} ¶{bad}" if sec is not None else f"¶{bad}"
        if printed and printed[-1] != len(printed):
            return found, f"{name} does not exist (the source numbers its paragraphs {printed[0]} to {printed[-1]})"
        count = f"{len(pool)} paragraph{'s' if len(pool) != 1 else ''}"
        return found, f"{name} does not exist ({where} has {count})"
    return found, None


def _resolve_page(index: SourceIndex, part: str, m: re.Match) -> tuple[list[Unit], str | None]:
    if not index.paged:
        return [], f"{part} names a page; the `{index.scheme}` scheme counts none"
    lo, hi = _page_range(m["first"], m["last"])
    if hi < lo:
        return [], f"{part} names an empty range"
    known = index.pages
    have = set(known)
    # A range wider than the pages the source has must miss one: look no
    # further than that many pages for it ("pp. 1–99999999" costs nothing).
    missing = next((n for n in range(lo, min(hi, lo + len(have)) + 1) if str(n) not in have), None)
    if missing is not None:
        return [], f"no page {missing} in the source (pages: {_pages_span(known)})"
    pages = [str(n) for n in range(lo, hi + 1)]
    named = set(pages)
    # A page names what is printed on it, a paragraph run on from the page
    # before included; its ¶N count those that start on it.
    on = [u for u in index.units if not named.isdisjoint(u.pages)]
    if m["nums"] is None:
        return on, None
    if len(pages) > 1:
        return [], f"cannot read {part}: name one page with ¶ (p. {pages[0]} ¶N)"
    paras = [u for u in on if u.kind == "paragraph" and u.page == pages[0]]
    wanted = numbers(m["nums"])
    if any(last < first for first, last in wanted):
        return [], f"{part} names an empty range"
    found, bad = _pick(dict(enumerate(paras, 1)), list(range(1, len(paras) + 1)), wanted)
    if bad is not None:
        count = f"{len(paras)} paragraph{'s' if len(paras) != 1 else ''}"
        return found, f"p. {pages[0]} ¶{bad} does not exist (p. {pages[0]} has {count})"
    return found, None
