"""Whatever the bytes, validation returns diagnostics and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap import checks
from argmap.corpus import Corpus, parse_bytes
from argmap.report import render

FRAGMENTS = [
    "---\n", "id: x\n", "title: t\n", "authors: [a]\n", "year: 2000\n", "thesis", "claim", "evidence",
    "counterpoint", "issue", " T", " c1", ' "台日"', ' """長\n文"""', " {", " }", " supports", " attacks",
    " undercuts", " same_as", " x:T", " ->", ",", " stance", " pro", " #tag", " en", ' "\\q"', "\n", "//c\n",
    " 論點", "\t", ' "', "!!python/object:os.system\n", "\xff",
]


def check_text(data: bytes):
    argmap, diags = parse_bytes("p.map", data)
    corpus = Corpus(maps=[argmap] if argmap else [])
    diags += checks.run(corpus)
    for fmt in ("text", "json", "github", "sarif"):
        assert isinstance(render(fmt, diags, files=1), str)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data):
    check_text(data)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=40))
def test_random_fragments_never_raise(parts):
    check_text("".join(parts).encode("utf-8", errors="surrogateescape"))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_random_text_never_raises(text):
    check_text(text.encode("utf-8", errors="surrogatepass"))
