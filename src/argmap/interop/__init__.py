"""Other tools' formats in and out: AIF (AIFdb/OVA JSON), arggraph XML (the
Potsdam microtexts) and Argdown. Readers build a `graph.Graph`; `write`
turns a Graph into formatted `.map` text; exporters read the model."""
