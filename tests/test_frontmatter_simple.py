"""Plain front matter is read without yaml (`frontmatter._simple`): exactly
what yaml reads, or not at all (then yaml reads it)."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import frontmatter as F
from argmap.source import SourceFile
from conftest import ROOT

KEYS = ["id", "title", "authors", "year", "on", "yes", "null", "No", "y", "n", "x_1", "_k", "title_en"]
VALUES = [
    "chen2024", "「價值共同體」下的台日關係", "2026", "0", "007", "1_000", "0x1f", "0b10", "0o7", "1e3", ".5", "+1", "-1",
    "1.5", "12:30", "2026-02-09", "2026-2-9 1:00:00", "yes", "No", "off", "~", "null", "<<", "=", "a: b", "a #c",
    "a#c", "O'Brien", 'say "hi"', '"quoted"', "'single'", "'it''s'", '"a\\"b"', '"with: colon, comma"', "x:",
    "-x", "?x", "!tag x", "&a x", "*a", "%x", "@x", "`x`", "|", ">", "a\tb", "trail ", "[a, b]", "[陳文甲]",
    '["Cheng, Tsung-yi"]', "[a, ]", "[]", "[ ]", "[a, [b]]", "[2026, x]", "[yes]", "{a: b}", "[a", "a]",
    "000_b42fc5a74d1158cb.txt", "zh-Hant", "https://example.org/a?b=c", "10 (ten)", "",
]


@st.composite
def front_matter(draw):
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 9))
        if kind == 0:
            lines.append(draw(st.sampled_from(["", "# a comment", "  indented: x", "- item", "key only"])))
        else:
            space = draw(st.sampled_from([" ", "  ", ""]))
            lines.append(f"{draw(st.sampled_from(KEYS))}:{space}{draw(st.sampled_from(VALUES))}")
    return "\n".join(lines) + "\n"


def _by_yaml(raw: str):
    text = "---\n" + raw + "---\n"
    return F._load(SourceFile("m.map", text), raw)


@settings(max_examples=600, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(front_matter())
def test_what_is_read_without_yaml_is_what_yaml_reads(raw):
    simple = F._simple(raw)
    if simple is not None:
        data, diags = _by_yaml(raw)
        assert diags == [] and data == simple and [type(v) for v in data.values()] == [type(v) for v in simple.values()]


def test_every_front_matter_in_the_repository_reads_the_same_either_way():
    read = 0
    for path in sorted(ROOT.rglob("*.map")):
        if any(part.startswith(".") or part == "node_modules" for part in path.parts):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        end = text.find("\n---", 3)
        if not text.startswith("---\n") or end < 0:
            continue
        raw = text[4:end + 1]
        simple = F._simple(raw)
        if simple is not None:
            assert simple == _by_yaml(raw)[0], path
            read += 1
    assert read > 50


def test_a_plain_front_matter_does_not_import_yaml():
    code = (
        "import sys\n"
        "from argmap.corpus import parse_bytes\n"
        "text = '---\\nid: m\\ntitle: 台日\\nauthors: [陳文甲, \"Cheng, T.\"]\\nyear: 2026\\nsource: 000_b4.txt\\n---\\nthesis T \"x\"\\n'\n"
        "argmap, diags = parse_bytes('m.map', text.encode())\n"
        "print(argmap.meta, diags, 'yaml' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ("{'id': 'm', 'title': '台日', 'authors': ['陳文甲', 'Cheng, T.'], 'year': 2026, "
                   "'source': '000_b4.txt'} [] False")
