"""The robustness suite: maps built from the grammar, front matter of every
kind of YAML value, and mutations of the bundled maps, fed to every command
that reads maps.

Properties (for every input, whatever it is):

- no exception escapes: the exit code is 0, 1 or 2 and no output holds a
  traceback;
- every diagnostic points inside its file (line and column within range);
- `fmt`, when it accepts a file, keeps its model and is idempotent;
- `export`, `validate --format json` and the other JSON outputs print valid
  JSON.

test_property.py feeds random bytes and fragments to the library; this file
builds inputs that get past the parser, so the later stages (lowering, the
checks, compare, evaluate, render, diff, fmt) see hostile input too. The
same strategies and properties run for minutes in tests/fuzz/fuzz.py.

In the normal suite each test is derandomized (the same examples on every
run, so CI is stable) and small: about 10 s for the whole file. Each
example runs a few commands drawn at random; the fuzz run runs them all.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import tempfile
import traceback
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[1]
MAPS = ROOT / "maps"
SEEDS = ROOT.parent / "shared" / "seeds"
BUNDLED = sorted(p.name for p in MAPS.glob("*.map"))

# The fuzz run sets this to run every command on every example.
ALL_COMMANDS = os.environ.get("ARGMAP_ROBUSTNESS_ALL") == "1"

# How many inputs each property ran (the fuzz run reports them).
COUNTS: dict[str, int] = {}

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)

# --- the language's pieces -----------------------------------------------------
#
# Every strategy factory is cached: hypothesis validates a strategy tree the
# first time it draws from it, and building fresh trees on every draw cost
# five times more than running the commands.

KINDS = ["thesis", "claim", "premise", "evidence", "counterpoint", "rebuttal", "recommendation"]
REL_KINDS = ["supports", "attacks", "undercuts", "same_as", "contradicts"]
ATTR_KEYS = ["en", "at", "quote", "source", "note"]
STANCE_VALUES = ["pro", "con", "mixed"]
KEYWORDS = KINDS + REL_KINDS + ATTR_KEYS + STANCE_VALUES + ["stance", "issue", "when", "if"]
# A small pool, so that references often resolve (and ids often repeat).
NODE_IDS = ["T", "c1", "c2", "k1", "e1", "論點", "_u", "c1_long_name"]
ISSUE_IDS = ["security", "values", "q1", "安全"]
MAP_IDS = ["m1", "m2", "m3"]
CJK = "台日關係準同盟的驅動與制約「」、，。（）：；？！一二三年中國美國日本"
ODD = "\t\u3000\u200b\u202e\u2066\x1b\x07\x00\x7f\u0301é😀ﾃｽﾄ"


@functools.cache
def _id_text():
    return st.from_regex(r"[a-zA-Z_台日][a-zA-Z0-9_台日]{0,12}", fullmatch=True)


@functools.cache
def ids(pool=tuple(NODE_IDS)):
    """Ids from a small pool, so that references often resolve; sometimes a fresh one."""
    return st.one_of(*[st.sampled_from(pool)] * 6, _id_text())


_chars = st.one_of(
    st.sampled_from(list("abc xyz ABC 012")),
    st.sampled_from(list(CJK)),
    st.sampled_from(list(ODD)),
    st.characters(blacklist_categories=("Cs",)),
)


@functools.cache
def _string_body(allow_newline: bool):
    def escape(ch: str) -> str:
        if ch in '"\\':
            return "\\" + ch
        if ch in "\r\n" and not allow_newline:
            return "\\n"
        return ch

    plain = st.lists(_chars, max_size=30).map(lambda cs: "".join(escape(c) for c in cs))
    escapes = st.sampled_from(["\\n", "\\t", '\\"', "\\\\", "\\q", "\\u00e9"])
    long_text = st.tuples(st.sampled_from(["台日", "ab ", "\t", "「準同盟」"]), st.integers(1, 2000)).map(
        lambda t: t[0] * t[1]
    )
    return st.lists(st.one_of(plain, plain, plain, escapes, long_text), max_size=4).map("".join)


@functools.cache
def strings():
    """STRING and LONG_STRING, with escapes (some unknown), CJK, controls, long text."""
    short = _string_body(False).map(lambda s: f'"{s}"')
    long = _string_body(True).map(lambda s: '"""' + s.replace('\\"', "").replace('"', "") + '"""')
    return st.one_of(short, short, short, long)


@functools.cache
def tags():
    return st.one_of(st.sampled_from(["#tag", "#台日", "#a-b", "#x_1"]), _id_text().map(lambda s: "#" + s))


@functools.cache
def refs():
    qualified = st.tuples(st.sampled_from(MAP_IDS + ["ghost"]), ids()).map(lambda t: f"{t[0]}:{t[1]}")
    return st.one_of(*[ids()] * 3, qualified)


@functools.cache
def edges():
    # `a -> b` names the inference from a to b: what `undercuts` attacks.
    return st.tuples(refs(), refs()).map(lambda t: f"{t[0]} -> {t[1]}")


@functools.cache
def relations():
    others = st.sampled_from([k for k in REL_KINDS if k != "undercuts"])
    return st.one_of(
        st.tuples(others, st.lists(st.one_of(*[refs()] * 5, edges()), min_size=1, max_size=3)),
        st.tuples(st.just("undercuts"), st.lists(st.one_of(*[edges()] * 5, refs()), min_size=1, max_size=2)),
    ).map(lambda t: f"{t[0]} " + ", ".join(t[1]))


@functools.cache
def stances():
    qualifier = st.tuples(st.sampled_from(["when", "if"]), strings()).map(" ".join)
    return st.tuples(
        st.sampled_from(ISSUE_IDS + ["undeclared"]),
        st.sampled_from(STANCE_VALUES),
        st.lists(qualifier, max_size=2),
    ).map(lambda t: f"stance {t[0]} {t[1]}" + "".join(" " + q for q in t[2]))


@functools.cache
def comments():
    return st.lists(_chars, max_size=20).map(lambda cs: "// " + "".join(c for c in cs if c not in "\r\n"))


@functools.cache
def attrs():
    cited = st.one_of(
        st.tuples(st.just("at"), locators()).map(lambda t: f'at "{t[1]}"'),
        st.sampled_from(SOURCE_SENTENCES).map(lambda q: f'quote "{q[2:9]}"'),
    )
    return st.one_of(*[st.tuples(st.sampled_from(ATTR_KEYS), strings()).map(" ".join)] * 3, cited)


# --- provenance: a source text beside the maps, and locators into it ---------------

SOURCE_SENTENCES = ["台日關係近年來日益緊密，雙方合作深化。", "The motto is best which governs least.", "臺灣與日本的合作扮演重要角色。"]
SOURCE_PIECES = SOURCE_SENTENCES + [
    "## 壹、前言", "# I.", "Chapter 2", "### 一、小節", "摘要", "Abstract", "\f", "- 12 -", "page 3", "[^1]: 註。",
    "<sup>1</sup> Ibid.", "---", "表 1：貿易", "資料來源：財政部。", "圖 1：x", "12. Numbered.", "[3] Also.",
    "  indented line", "a line that does not end", "台" * 300, "\uf96b與", "\x1b]0;t\x07", "\u202e", "\r",
]
SCHEMES = ["blank-lines", "lines", "numbered", "pages", "hard-wrapped", "pdf-markdown"]


@functools.cache
def locators():
    part = st.one_of(
        st.sampled_from(["§壹 ¶1", "§壹", "¶1", "¶2–3, 5", "p. 1", "pp. 1–12", "p. 12 ¶2", "§壹 表1", "§I ¶1", "§摘要",
                         "¶1–999999999", "pp. 1–99999999", "§", "¶0", "¶-1", "pp. 3–2", "§壹.一 ¶1", "§參", "x"]),
        st.integers(0, 10**12).map(lambda n: f"¶{n}"),
    )
    return st.lists(part, min_size=1, max_size=4).map("; ".join)


@functools.cache
def source_texts():
    """A source text built of the pieces the schemes look for; now and then
    not UTF-8 or not text at all."""
    text = st.tuples(st.lists(st.sampled_from(SOURCE_PIECES), max_size=25), st.sampled_from(["\n", "\n\n", "\r\n"]))
    data = text.map(lambda t: t[1].join(t[0]).encode("utf-8", errors="surrogatepass"))
    return st.one_of(*[data] * 8, st.just(b"\xff\xfe\x00binary"), data.map(lambda d: b"\xef\xbb\xbf" + d))


def _block(entries: list[str], indent: str) -> str:
    if not entries:
        return " {}"
    inner = indent + "  "
    return " {\n" + "".join(inner + e + "\n" for e in entries) + indent + "}"


@functools.cache
def nodes(depth: int = 0, indent: str = ""):
    """`kind ID text { entries }`, entries nested up to a few levels deep."""
    entry_kinds = [attrs(), tags(), relations(), relations(), stances(), stances(), comments(), st.just("")]
    if depth < 3:
        entry_kinds += [st.deferred(lambda: nodes(depth + 1, indent + "  "))] * 2
    body = st.lists(st.one_of(*entry_kinds), max_size=5 if depth < 2 else 2)
    return st.tuples(
        st.sampled_from(KINDS),
        ids(),
        strings(),
        st.one_of(st.none(), body, body, body),
    ).map(lambda t: f"{t[0]} {t[1]} {t[2]}" + ("" if t[3] is None else _block(t[3], indent)))


@functools.cache
def deep_nesting():
    """A chain of nested claims, deeper than any real map (the limit is documented)."""
    return st.integers(1, 260).map(lambda n: "".join(f"claim d{i} \"t\" {{\n" for i in range(n)) + "}\n" * n)


@functools.cache
def issues():
    body = st.lists(st.one_of(attrs(), tags(), comments()), max_size=3)
    return st.tuples(st.sampled_from(ISSUE_IDS + ["q2"]), strings(), st.one_of(st.none(), body)).map(
        lambda t: f"issue {t[0]} {t[1]}" + ("" if t[2] is None else _block(t[2], ""))
    )


@functools.cache
def statements():
    return st.one_of(
        *[nodes()] * 6,
        st.just(SKELETON),
        st.tuples(ids(), relations()).map(" ".join),  # `c1 same_as m2:c3`
        issues(),
        comments(),
        st.just(""),  # blank lines
        deep_nesting(),
    )


# An argument that the pool's ids resolve against, so that generated
# relations, edges and stances often point at something.
SKELETON = """thesis T "論點" {
  stance q1 mixed when "since 2012"
}
claim c1 "c" { supports T }
counterpoint k1 "k" {
  undercuts c1 -> T
}
evidence e1 "e" { supports c1 at "p. 1" }
c1 same_as m2:c1"""

# Pieces that break a map, inserted at most once per map: the suite wants
# most maps to get past the parser, and some not to.
HOSTILE = [
    '"unclosed', '"""unclosed', "'single'", '""', '""""""', '"a"b"', '"\\"', "k-freedom", "1abc", "a.b", "ｘ", "{", "}",
    "{}", "->", ":", ",", "stance q1 maybe", "stance", "supports", "undercuts a ->", "claim", "claim c9", "#", "#1",
    "issue", "---", "...", "\x00", "\x1b]0;title\x07", "\u202e", "\ufeff", "\r", "//", "/* */", "@", "台日",
]


@functools.cache
def valid_front_matter(map_id: str):
    return st.tuples(st.sampled_from(["台日關係", "A title", "x" * 300]), st.integers(1900, 2100)).map(
        lambda t: f"---\nid: {map_id}\ntitle: {t[0]}\nauthors: [陳文甲, Ann Smith]\nyear: {t[1]}\n---\n"
    )


@functools.cache
def declared_sources():
    """`source:` (usually the text beside the map) and `paragraphs:` lines."""
    declared = st.tuples(
        st.sampled_from(["src.md"] * 6 + ["nowhere.md", "./src.md", "https://example.org/x.md", "''", "."]),
        st.sampled_from(["", "", *SCHEMES, "bogus"]),
    ).map(lambda t: f"source: {t[0]}\n" + (f"paragraphs: {t[1]}\n" if t[1] else ""))
    return st.one_of(declared, declared, st.just(""))


def _finish(text: str, draw) -> bytes:
    """Line endings (LF, CRLF, CR only, mixed), a BOM, tabs for spaces."""
    ending = draw(st.sampled_from(["\n"] * 5 + ["\r\n", "\r\n", "\r", "mixed"]))
    if ending == "mixed":
        text = "".join(line + draw(st.sampled_from(["\n", "\r\n"])) for line in text.split("\n"))
    elif ending != "\n":
        text = text.replace("\n", ending)
    if draw(st.booleans()):
        text = text.replace("  ", "\t")
    data = text.encode("utf-8", errors="surrogatepass")
    if draw(st.integers(0, 5)) == 0:
        data = b"\xef\xbb\xbf" + data
    return data


@functools.cache
@st.composite
def generated_maps(draw, map_id: str = "m1"):
    """One map: front matter (usually valid) and a body built from the grammar."""
    head = draw(st.one_of(*[valid_front_matter(map_id)] * 6, front_matter_text(), st.just("")))
    body = draw(st.lists(statements(), min_size=1, max_size=8))
    sep = draw(st.sampled_from(["\n", "\n", "\n\n", "\n  \n", " "]))
    text = sep.join(body) + draw(st.sampled_from(["\n", "", "\n\n\n"]))
    if draw(st.integers(0, 2)) == 0:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HOSTILE)) + text[at:]
    if head.startswith("---\nid: "):  # drawn last, so that the draws before it make the maps they always made
        head = head[: -len("---\n")] + draw(declared_sources()) + "---\n"
    return _finish(head + text, draw)


@st.composite
def corpora(draw):
    """One to three maps and, usually, an issues file: {file name: bytes}."""
    count = draw(st.integers(1, 3))
    files = {f"{MAP_IDS[i]}.map": draw(generated_maps(MAP_IDS[i])) for i in range(count)}
    if draw(st.integers(0, 3)):
        decls = draw(st.lists(st.one_of(issues(), comments()), min_size=1, max_size=5))
        files["issues.map"] = _finish("\n".join(decls) + "\n", draw)
    files["src.md"] = draw(source_texts())  # drawn last, as the maps' `source:` (see generated_maps)
    return files


# --- front matter ----------------------------------------------------------------

YAML_SCALARS = [
    "2024", "-1", "0", "2026-02-09", "2026-13-45", "2026-02-30", "2026-02-09T10:00:00Z", "2026-02-09 25:61:00",
    "'quoted'", '"dq \\u00e9 \\x"', "~", "null", "true", "yes", "No", "on", ".nan", ".NaN", ".inf", "-.inf",
    "0x1F", "0o17", "0b101", "1_000", "1e400", "1" * 5000, "3.14", "+12", "台日關係", "'it''s'", "@bad", "`bad",
    "%bad", "!!binary aGVsbG8=", "!!set {a, b}", "!!python/object:os.system ''", "!!python/name:os.system",
    "!!timestamp soon", "!!int abc", "!!bool abc", "!!float x", "!!null x", "!!str [a]", "!!map [a]", "!custom x",
    "!<tag:yaml.org,2002:str> x", "|\n  block\n  text", ">-\n  folded\n  text", "[a, b]", "{a: 1}", "[]", "{}",
    "[陳文甲]", "[1, 2]", "[[a]]", "[a, [b, {c: d}]]", "{a: [1, {b: .nan}]}", "x\ty", "'\t'", "- item", "? x",
    "&a [1, 2]", "*a", "&a [*a]", "&b {k: *b}", "\x1b]0;title\x07", "\u202eevil", "a: b: c", "[unclosed", '"unclosed',
]
YAML_KEYS = [
    "id", "title", "authors", "year", "title_en", "authors_en", "venue", "kind", "lang", "translated_from", "url",
    "date", "pages", "note", "source", "paragraphs", "unknown", "Id", "yaer", "'quoted key'", "1", "true", "~", "a:b", "? [a]", "[a]",
    "<<", "台日", "x y", "",
]


@functools.cache
def yaml_values():
    """YAML text for a value: fixed odd scalars, or JSON (a YAML subset) of
    generated nested values, dates included."""
    leaf = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=10), st.dates().map(lambda d: d.isoformat()),
    )
    nested = st.recursive(leaf, lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)), max_leaves=8)
    return st.one_of(
        st.sampled_from(YAML_SCALARS),
        st.sampled_from(YAML_SCALARS),
        nested.map(lambda v: json.dumps(v, ensure_ascii=False)),
        st.dates().map(lambda d: d.isoformat()),
        st.integers(1, 120).map(lambda n: "[" * n + "]" * n),  # deeper than the limit (50) at times
        st.integers(1, 8).map(_alias_bomb),
    )


def _alias_bomb(levels: int) -> str:
    lines = ["&l0 [x, x]"] + [f"&l{i} [*l{i - 1}, *l{i - 1}]" for i in range(1, levels)]
    return "[" + ", ".join(lines) + "]"


@functools.cache
@st.composite
def front_matter_text(draw):
    """A front-matter block: usually the required keys, then more keys (known,
    unknown, odd, repeated) with values of every kind; fences that close with
    `---` or `...`, or never."""
    entries = []
    if draw(st.booleans()):
        entries = [("id", draw(st.sampled_from(MAP_IDS + ["bad-id", "'x'", "1"]))), ("title", "t"), ("authors", "[a]"), ("year", "2024")]
    entries += draw(st.lists(st.tuples(st.sampled_from(YAML_KEYS), yaml_values()), max_size=6))
    if draw(st.booleans()):
        entries = draw(st.permutations(entries))
    lines = []
    for key, value in entries:
        if "\n" in value and draw(st.booleans()):
            lines.append(f"{key}: {value}")
        elif draw(st.integers(0, 6)) == 0:  # block style nesting
            lines.append(f"{key}:\n  - {value.splitlines()[0]}")
        else:
            lines.append(f"{key}: {value}".replace("\n", " "))
    if draw(st.integers(0, 8)) == 0:
        lines.append(draw(st.sampled_from(["%YAML 1.1", "# a comment", "  bad: indent", "\t- tab", "key", ":"])))
    close = draw(st.sampled_from(["---\n", "---\n", "...\n", "--- \n", ""]))
    return "---\n" + "".join(line + "\n" for line in lines) + close


@st.composite
def front_matter_maps(draw):
    """A map whose front matter is the hostile part, with a small valid body."""
    body = draw(st.sampled_from(["", 'thesis T "t"\n', 'thesis T "t" {\n  stance q1 pro\n}\nclaim c1 "c" { supports T }\n']))
    return {"m1.map": _finish(draw(front_matter_text()) + body, draw)}


# --- mutations of the bundled maps -------------------------------------------

TOKENS = [
    b"{", b"}", b"->", b":", b",", b'"', b'"""', b"\\", b"//", b"#", b"\n", b"\r", b"\r\n", b"\t", b" ", b"---\n",
    b"...\n", b"claim", b"thesis", b"supports", b"undercuts", b"same_as", b"stance", b"when", b"issue", b"pro",
    b"c1", b"T", b"x:y", b"\xff", b"\x00", b"\xe5", b"\xe5\x8f", b"\x1b]0;t\x07", b"\xe2\x80\xae", b"\xef\xbb\xbf",
    b"&a", b"*a", b"!!set", b"2026-13-45", b".nan", "台日".encode(),
]


def _line_bounds(data: bytes, index: int) -> tuple[int, int]:
    start = 0
    for _ in range(index):
        found = data.find(b"\n", start)
        if found < 0:
            break
        start = found + 1
    end = data.find(b"\n", start)
    return start, (len(data) if end < 0 else end + 1)


def _mutate(draw, data: bytes) -> bytes:
    # A plain function given `draw`, not a strategy of `data`: a strategy's
    # repr holds its arguments, and hypothesis builds reprs of 60 KB maps.
    op = draw(st.sampled_from(["insert", "insert", "delete", "duplicate_line", "delete_line", "swap_braces", "cut"]))
    at = draw(st.integers(0, len(data)))
    if op == "insert":
        return data[:at] + draw(st.sampled_from(TOKENS)) + data[at:]
    if op == "delete":
        return data[:at] + data[at + draw(st.integers(1, 40)) :]
    if op in ("duplicate_line", "delete_line"):
        start, end = _line_bounds(data, draw(st.integers(0, data.count(b"\n"))))
        line = data[start:end]
        return data[:start] + (line + line if op == "duplicate_line" else b"") + data[end:]
    if op == "swap_braces":
        if draw(st.booleans()):  # all of them
            return data.translate(bytes.maketrans(b"{}", b"}{"))
        i = data.find(b"{", at)  # or the next one
        return data if i < 0 else data[:i] + b"}" + data[i + 1 :]
    return data[:at]  # cut


@st.composite
def mutated_maps(draw):
    """A bundled map with one to three edits; the issues file beside it."""
    name = draw(st.sampled_from(BUNDLED))
    original = (MAPS / name).read_bytes()
    data = original
    for _ in range(draw(st.integers(1, 3))):
        data = _mutate(draw, data)
    files = {name: data}
    if name != "issues.map":
        files["issues.map"] = (MAPS / "issues.map").read_bytes()
    files["original.map.old"] = original
    if SEEDS.is_dir():  # their sources beside them, so that the provenance checks run
        files.update({p.name: p.read_bytes() for p in SEEDS.glob("0*.txt")})
    return files


# --- the properties --------------------------------------------------------------


def _text_of(data: bytes) -> str:
    from argmap.corpus import decode

    return decode("x", data)[0].text


def _line_lengths(text: str) -> list[int]:
    """Characters in each line, its `\\r` included (SourceFile splits at `\\n` only)."""
    return [len(line) for line in text.split("\n")]


def assert_located(where: str, line, column, end_line, end_column, lengths: list[int]) -> None:
    if line is None:
        return
    for ln, col in ((line, column), (end_line, end_column)):
        assert 1 <= ln <= len(lengths), f"{where}: line {ln} outside 1..{len(lengths)}"
        assert 1 <= col <= lengths[ln - 1] + 1, f"{where}: column {col} outside line {ln} of {lengths[ln - 1]} characters"
    assert (line, column) <= (end_line, end_column), f"{where}: span ends before it starts"


def check_diagnostics_located(diagnostics) -> None:
    for diag in diagnostics:
        spans = [diag.span] + [label.span for label in diag.labels]
        for span in spans:
            if span is None:
                continue
            text = span.file.text
            assert 0 <= span.start <= span.end <= len(text), f"{diag.code.code}: span {span.start}..{span.end} of {len(text)}"
            d = span.as_dict()
            assert_located(diag.code.code, d["line"], d["column"], d["end_line"], d["end_column"], _line_lengths(text))


def check_library(files: dict[str, bytes]) -> None:
    """Parse, check and format each file through the library."""
    from argmap import checks
    from argmap.corpus import Corpus, parse_bytes
    from argmap.format import format_bytes, same_model

    maps, diags = [], []
    for name, data in files.items():
        if not name.endswith(".map"):
            continue
        argmap, found = parse_bytes(name, data)
        diags += found
        if argmap is not None:
            maps.append(argmap)
        result = format_bytes(name, data)
        assert result.error is None, f"fmt {name}: {result.error}"
        if result.ok:
            assert argmap is not None
            again, more = parse_bytes(name, result.formatted)
            assert again is not None, [d.message for d in more]
            assert same_model(argmap, again), f"fmt changed the model of {name}"
            assert format_bytes(name, result.formatted).formatted == result.formatted, f"fmt is not idempotent on {name}"
    diags += checks.run(Corpus(maps=maps))
    check_diagnostics_located(diags)


def _invoke(args: list[str], input: bytes | None = None, raw: bool = False):
    """(exit code, stdout, stderr); stdout as bytes with `raw` (click's text
    output turns \\r\\n into \\n)."""
    from argmap.cli import cli

    result = CliRunner(env={"NO_COLOR": "1", "COLUMNS": "80", "FORCE_COLOR": None}).invoke(cli, args, input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(*result.exc_info))
        raise AssertionError(f"argmap {' '.join(args)} raised:\n{trace}")
    out, err = result.stdout, result.stderr
    assert result.exit_code in (0, 1, 2), f"argmap {' '.join(args)}: exit {result.exit_code}\n{err}"
    assert "Traceback" not in out + err, f"argmap {' '.join(args)} printed a traceback:\n{err}"
    return result.exit_code, (result.stdout_bytes if raw else out), err


@contextlib.contextmanager
def _folder(files: dict[str, bytes]):
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="argmap-robust-") as tmp:
        for name, data in files.items():
            Path(tmp, name).write_bytes(data)
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(old)


def _json(args, out):
    try:
        return json.loads(out)
    except ValueError as exc:
        raise AssertionError(f"argmap {' '.join(args)} printed invalid JSON ({exc}):\n{out[:2000]}") from None


def _validate_json(files, maps, main):
    args = ["validate", "--format", "json", *maps]
    code, out, _ = _invoke(args)
    texts = {name: _text_of(data) for name, data in files.items()}
    for item in _json(args, out):
        if item["file"] in texts:
            lengths = _line_lengths(texts[item["file"]])
            assert_located(item["code"], item["line"], item["column"], item["end_line"], item["end_column"], lengths)
            for rel in item["related"]:
                if rel["file"] in texts:
                    assert_located(item["code"], rel["line"], rel["column"], rel["end_line"], rel["end_column"], _line_lengths(texts[rel["file"]]))


def _fmt_stdin(files, maps, main):
    from argmap.format import format_bytes

    code, out, _ = _invoke(["fmt", "-"], input=files[main], raw=True)
    if code == 0:
        expected = format_bytes(main, files[main]).formatted
        assert expected is not None
        assert out == expected, "fmt - differs from fmt FILE"



def _fmt_write(files, maps, main):
    """`fmt FILE` writes what the library formats, or leaves the file as it was."""
    from argmap.format import format_bytes

    folder = Path("fmt-copy")
    folder.mkdir(exist_ok=True)
    copy = folder / Path(main).name
    copy.write_bytes(files[main])
    code, _, _ = _invoke(["fmt", "-q", str(copy)])
    expected = format_bytes(main, files[main]).formatted
    assert copy.read_bytes() == (expected if code == 0 else files[main]), f"fmt {main} exit {code} wrote the wrong text"


def _export(files, maps, main):
    for args in (["export", main], ["export", "--force", *maps]):
        code, out, _ = _invoke(args)
        if code == 0:
            _json(args, out)


def _json_output(command):
    def run(files, maps, main):
        args = [*command, *maps]
        code, out, _ = _invoke(args)
        if code == 0 and out.strip():
            _json(args, out)

    return run


def _plain(*command, every=False, stdin=False):
    def run(files, maps, main):
        args = [*command, *(maps if every else [main])]
        _invoke(args, input=files[main] if stdin else None)

    return run


def _diff(files, maps, main):
    old = "original.map.old" if "original.map.old" in files else maps[-1]
    _invoke(["diff", old, main])
    args = ["diff", "--format", "json", old, main]
    code, out, _ = _invoke(args)
    if code in (0, 1) and out.strip():
        _json(args, out)


def _source(files, maps, main):
    for args in (["source", main], ["source", main, "§壹 ¶1; ¶1–999999999"], ["source", "--paragraphs", "pages", "src.md"]
                 if "src.md" in files else ["source", main]):
        _invoke(args)
    args = ["source", "--format", "json", main]
    code, out, _ = _invoke(args)
    if code == 0:
        _json(args, out)


def _locate_write(files, maps, main):
    """`locate --write` leaves a map that parses, or the map as it was."""
    from argmap.corpus import parse_bytes

    _invoke(["locate", *maps])
    before = Path(main).read_bytes()
    code, _, _ = _invoke(["locate", "--write", main])
    after = Path(main).read_bytes()
    if after != before:
        assert code == 0, f"locate --write {main} exit {code} and changed the file"
        argmap, diags = parse_bytes(main, after)
        assert argmap is not None, [d.message for d in diags]
    Path(main).write_bytes(before)  # the commands after this one see the input


def _compare_issue(files, maps, main):
    for issue in ISSUE_IDS[:2] + ["values"]:
        _invoke(["compare", "--force", "--issue", issue, *maps])
    _invoke(["compare", "--force", "--explain", ISSUE_IDS[0], Path(main).stem, *maps])


COMMANDS = {
    "validate": _plain("validate"),
    "validate --isolated": _plain("validate", "--isolated", "--strict"),
    "validate all": _plain("validate", "--format", "sarif", every=True),
    "validate github": _plain("validate", "--format", "github", every=True),
    "validate -": _plain("validate", "-", stdin=True),
    "validate json": _validate_json,
    "fmt --check": _plain("fmt", "--check", every=True),
    "fmt --diff": _plain("fmt", "--diff"),
    "fmt -": _fmt_stdin,
    "fmt FILE": _fmt_write,
    "export": _export,
    "evaluate": _plain("evaluate", "--force", "--all", every=True),
    "evaluate json": _json_output(["evaluate", "--force", "--links", "--format", "json"]),
    "render dot": _plain("render", "--force", "--format", "dot", "-o", "-", "--legend"),
    "render focus": _plain("render", "--force", "--format", "dot", "-o", "-", "--focus", "c1", "--show", "locator,quote,gloss,source,tags,stance,status"),
    "compare": _plain("compare", "--force", every=True),
    "compare json": _json_output(["compare", "--force", "--format", "json"]),
    "compare csv": _plain("compare", "--force", "--format", "markdown", "--cite", every=True),
    "compare suggest": _plain("compare", "--force", "--suggest", "--format", "csv", every=True),
    "compare issue": _compare_issue,
    "diff": _diff,
    "source": _source,
    "locate": _locate_write,
    "coverage": _plain("coverage", "--uncovered", every=True),
    "coverage json": _json_output(["coverage", "--format", "json"]),
}
if ALL_COMMANDS:  # a Graphviz layout per input: for the fuzz run only
    COMMANDS["render svg"] = _plain("render", "--force", "--backend", "library", "-o", "out.svg")


def check_cli(files: dict[str, bytes], commands) -> None:
    maps = [name for name in files if name.endswith(".map")]
    main = maps[0]
    with _folder(files):
        for name in commands:
            COMMANDS[name](files, maps, main)


def commands():
    """In the suite, a few commands per example (all over the run); all in the fuzz run."""
    if ALL_COMMANDS:
        return st.just(sorted(COMMANDS))
    return st.lists(st.sampled_from(sorted(COMMANDS)), min_size=2, max_size=3, unique=True)


def check_everything(files: dict[str, bytes], cmds, kind: str) -> None:
    COUNTS[kind] = COUNTS.get(kind, 0) + 1
    check_library(files)
    check_cli(files, cmds)


# --- the tests -------------------------------------------------------------------


@SETTINGS
@given(corpora(), commands())
def test_maps_from_the_grammar(files, cmds):
    check_everything(files, cmds, "grammar")


@settings(SETTINGS, max_examples=50)
@given(front_matter_maps(), commands())
def test_front_matter_of_every_kind(files, cmds):
    check_everything(files, cmds, "front matter")


@settings(SETTINGS, max_examples=25)
@given(mutated_maps(), commands())
def test_mutated_bundled_maps(files, cmds):
    check_everything(files, cmds, "mutation")


def test_the_strategies_reach_past_the_parser():
    """The grammar strategy is only useful if many of its maps parse and use
    the whole language: a guard against a strategy that drifts into
    producing syntax errors only."""
    from argmap.corpus import parse_bytes

    seen = {"parsed": 0, "undercut": 0, "cross-map": 0, "qualified stance": 0, "nested": 0, "issue": 0}

    @settings(SETTINGS, max_examples=100)
    @given(corpora())
    def sample(files):
        argmap, _ = parse_bytes("m1.map", files["m1.map"])
        if argmap is None:
            return
        seen["parsed"] += 1
        seen["undercut"] += any(r.edge_from for r in argmap.relations)
        seen["cross-map"] += any(r.target_map for r in argmap.relations)
        seen["qualified stance"] += b"stance" in files["m1.map"] and (b" when " in files["m1.map"] or b" if " in files["m1.map"])
        seen["nested"] += any(n.parent for n in argmap.nodes)
        seen["issue"] += bool(argmap.issues)

    sample()
    assert seen["parsed"] >= 40, seen
    assert all(seen.values()), seen
