"""Every fix proposal parses and lies inside the file, whatever the server answers (issue 20 §2): the
broken forms the embedded 135M model gave (invalid JSON, "line 2038500001", reversed ranges) get one
repair request quoting the problem, then a clear rejection; never a traceback. The schema asks for a
line count rather than an end line (a count cannot be reversed) and bounds every string, and the token
cap is sized from it, so that a constrained answer always closes its JSON."""

from __future__ import annotations

import json

import jsonschema
import pytest
from pydantic import ValidationError
from werkzeug.wrappers import Request, Response

from infragenius.ai.cache import AnswerCache
from infragenius.ai.openai_compat import OpenAICompatibleProvider
from infragenius.ai.provider import AIBadAnswer
from infragenius.ai.service import AIService
from infragenius.ai.structured import answer_budget, parse
from infragenius.ai.verify import FixAnswer, ProposedEdit, fix_schema, review_schema, to_edits
from infragenius.core.document import Document
from infragenius.core.engine import Engine

from .conftest import ai_config, completion, dockerfile, finding, status

LABEL = 'LABEL org.opencontainers.image.authors="Jane <j@x.io>"'


def fix(start: int, end: int, new_text: str = LABEL) -> str:
    """An answer in the older form (an inclusive end line), which servers that ignore the schema may send."""
    return json.dumps(
        {"explanation": "Use a LABEL.", "edits": [{"start_line": start, "end_line": end, "new_text": new_text}]}
    )


def counted(start: int, lines: int, new_text: str = LABEL) -> str:
    """An answer in the form the schema asks for: a start line and how many lines the edit replaces."""
    return json.dumps(
        {"explanation": "Use a LABEL.", "edits": [{"start_line": start, "lines": lines, "new_text": new_text}]}
    )


RIGHT = counted(2, 1)
BROKEN = {
    "invalid JSON": '{"explanation": "Use a LABEL.", "edits": [{"start_line": 2, "lines": 1, "new_text": "LABEL',
    "past the end": fix(2038500001, 2038500001),
    "counted past the end": counted(2, 2038500000),
    "reversed": fix(3, 2),
    "line zero": fix(0, 2),
    "no lines": counted(2, 0),
    "neither lines nor end": json.dumps({"explanation": "", "edits": [{"start_line": 2, "new_text": LABEL}]}),
    "overlapping": json.dumps(
        {
            "explanation": "",
            "edits": [
                {"start_line": 1, "end_line": 2, "new_text": "FROM a"},
                {"start_line": 2, "end_line": 3, "new_text": LABEL},
            ],
        }
    ),
    "no edits": json.dumps({"explanation": "nothing to do", "edits": []}),
    "not an object": '["start_line", 2]',
    "prose": "I would replace MAINTAINER with a LABEL on line 2.",
    "deeply nested": 'Here: {"edits": ' + "[" * 50_000,
}
FIRST_PROBLEM = {
    "past the end": "edit line 2038500001 is past the end of the file (3 lines)",
    "counted past the end": "edit of 2038500000 lines from line 2 runs past the end of the file (3 lines)",
    "reversed": "edit lines 3-2 are reversed",
    "line zero": "edits.0.start_line: Input should be greater than or equal to 1",
    "no lines": "edits.0.lines: Input should be greater than or equal to 1",
    "neither lines nor end": "each edit needs start_line and lines (how many lines it replaces, at least 1)",
    "overlapping": "edits overlap at lines 2-3",
}


def service(fake, tmp_path) -> AIService:
    config = ai_config(fake.base_url, timeout_s=5)
    return AIService(config, Engine(config), cache=AnswerCache(tmp_path / "cache"))


def rejecting(modes: set[str], answers: list[str]):
    """A server that refuses the ``response_format`` types in ``modes`` (400 naming response_format) and
    gives ``answers`` in turn to the requests it takes."""

    def handler(request: Request) -> Response:
        body = json.loads(request.get_data(as_text=True))
        kind = (body.get("response_format") or {}).get("type", "text")
        if kind in modes:
            return status(400, body=json.dumps({"error": {"message": f"response_format {kind} is not supported"}}))
        return Response(json.dumps(completion(answers.pop(0))), content_type="application/json")

    return handler


@pytest.mark.parametrize("form", sorted(BROKEN))
def test_a_broken_answer_is_repaired_once(fake, tmp_path, form):
    fake.answer(BROKEN[form], RIGHT)
    doc = dockerfile()
    proposal = service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    assert proposal.source == "ai", proposal.reason
    assert len(fake.requests) == 2
    repair = fake.requests[1]["messages"][-1]["content"]
    assert repair.startswith("That answer is not valid: ")
    if form in FIRST_PROBLEM:
        assert FIRST_PROBLEM[form] in repair


@pytest.mark.parametrize("form", sorted(BROKEN))
def test_broken_twice_is_a_clear_rejection(fake, tmp_path, form):
    fake.answer(BROKEN[form])
    doc = dockerfile()
    proposal = service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    assert proposal.source == "rule" and proposal.fix.title == "Replace MAINTAINER with LABEL"
    assert proposal.reason.startswith("AI fix rejected: the model's answer is still not usable after one retry: ")
    assert proposal.reason.endswith("; offering the rule's own fix")
    assert "\n" not in proposal.reason and len(proposal.reason) < 400
    if form in FIRST_PROBLEM:
        assert FIRST_PROBLEM[form] in proposal.reason
    assert len(fake.requests) == 2


def test_the_schema_bounds_line_numbers_by_the_document(fake, tmp_path):
    fake.answer(RIGHT)
    doc = dockerfile()
    service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    sent = fake.requests[0]["response_format"]
    assert sent["type"] == "json_schema"
    edits = sent["json_schema"]["schema"]["properties"]["edits"]
    assert (edits["minItems"], edits["maxItems"]) == (1, 1)  # one edit: two could overlap
    options = [(o["properties"]["start_line"], o["properties"]["lines"]) for o in edits["items"]["anyOf"]]
    assert options == [
        ({"type": "integer", "const": start}, {"type": "integer", "minimum": 1, "maximum": 4 - start})
        for start in (1, 2, 3)
    ]
    assert all(o["required"] == ["start_line", "lines", "new_text"] for o in edits["items"]["anyOf"])


def test_the_schema_offers_the_lines_the_model_was_shown(fake, tmp_path):
    """A finding in a long file: the model sees 10 lines either side, and may only edit those."""
    text = "FROM alpine:3.20\n" + "RUN echo a\n" * 28 + "MAINTAINER Jane <j@x.io>\n" + "RUN echo b\n" * 30
    doc = Document(uri="file:///x/Dockerfile", text=text, language="dockerfile")
    fake.answer(counted(30, 1))
    proposal = service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    assert proposal.source == "ai", proposal.reason
    options = fake.requests[0]["response_format"]["json_schema"]["schema"]["properties"]["edits"]["items"]["anyOf"]
    bounds = [(o["properties"]["start_line"]["const"], o["properties"]["lines"]["maximum"]) for o in options]
    assert bounds == [(start, 41 - start) for start in range(20, 41)]
    assert "20 | RUN echo a" in fake.requests[0]["messages"][1]["content"]
    assert "41 | " not in fake.requests[0]["messages"][1]["content"]


def test_every_answer_the_schema_allows_lies_inside_the_file():
    """What a constrained decoder can write is exactly what ``to_edits`` takes: no line past the end,
    no reversed or overlapping range, for files with and without a final newline."""
    for text in ("FROM a\nRUN b\nRUN c\n", "FROM a\nRUN b", "FROM a\n"):
        doc = Document(uri="file:///x/Dockerfile", text=text, language="dockerfile")
        schema = fix_schema(doc)
        for start in range(6):
            for lines in range(6):
                answer = {"explanation": "", "edits": [{"start_line": start, "lines": lines, "new_text": "RUN d"}]}
                allowed = jsonschema.Draft202012Validator(schema).is_valid(answer)
                try:
                    to_edits(doc, FixAnswer.model_validate(answer))
                    inside = True
                except (ValueError, ValidationError):
                    inside = False
                assert allowed == inside, (text, start, lines)


def test_a_server_without_structured_output_gets_the_compact_schema(fake, tmp_path):
    """One object with the widest bounds in the instructions, not one alternative per line."""
    fake.answer(rejecting({"json_schema", "json_object"}, [RIGHT]))
    doc = dockerfile()
    service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    instruction = fake.requests[-1]["messages"][0]["content"]
    assert "anyOf" not in instruction
    assert (
        '"items":{"type":"object","properties":{"start_line":{"type":"integer","minimum":1,"maximum":3},'
        '"lines":{"type":"integer","minimum":1,"maximum":3},"new_text":{"type":"string","maxLength":200}}'
    ) in instruction


def test_a_counted_edit_replaces_that_many_lines():
    doc = dockerfile()
    answer = parse(counted(2, 2, "RUN true"), FixAnswer)
    (edit,) = to_edits(doc, answer)
    assert (edit.range.start.line, edit.range.end.line) == (1, 2)
    assert answer.edits[0].end_line == 3


def test_every_string_in_the_schemas_is_bounded():
    """Constrained decoding must close each string, so a small model cannot fill one until it is cut off."""
    doc = dockerfile()
    fix = fix_schema(doc)
    assert fix["properties"]["explanation"]["maxLength"] == 120
    assert fix["properties"]["edits"]["maxItems"] == 1
    for option in fix["properties"]["edits"]["items"]["anyOf"]:
        assert option["properties"]["new_text"] == {"type": "string", "maxLength": 200}
    review = review_schema(doc)["properties"]["findings"]
    assert review["maxItems"] == 5
    assert review["items"]["properties"]["message"] == {"type": "string", "maxLength": 80}
    assert review["items"]["properties"]["explanation"] == {"type": "string", "maxLength": 120}


def test_the_answer_budget_is_the_longest_answer_the_schema_allows():
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "string", "maxLength": 10},
            "n": {"type": "array", "maxItems": 2, "items": {"type": "integer", "minimum": 1, "maximum": 999}},
        },
    }
    longest = json.dumps({"a": "x" * 10, "n": [999, 999]})
    gaps = 2 * 3 + 2 * 2  # whitespace llama.cpp's grammar allows: 3 gaps per key, 2 per array item
    assert len(longest) <= answer_budget(schema) <= len(longest) + 22 * gaps + 20
    assert answer_budget({"anyOf": [{"const": 12345}, {"type": "integer", "maximum": 9}]}) == 6
    assert answer_budget({"type": "string"}) is None
    assert answer_budget({"type": "array", "items": {"type": "integer", "maximum": 3}}) is None
    assert answer_budget(fix_schema(dockerfile())) == 778


def test_the_token_cap_leaves_room_for_the_longest_answer(fake):
    """The embedded model's 256-token cap cut its answers mid-JSON ("EOF while parsing a string"): a
    structured request gets room for the longest answer its schema allows; prose keeps the cap."""
    fake.answer(RIGHT, "Because.")
    provider = OpenAICompatibleProvider(fake.base_url, model="fake-model", timeout_s=5, max_tokens=256)
    provider.complete([{"role": "user", "content": "fix"}], schema=fix_schema(dockerfile()))
    provider.complete([{"role": "user", "content": "explain"}])
    assert [r["max_tokens"] for r in fake.requests] == [778, 256]


def test_bounds_for_a_file_without_a_final_newline_and_an_empty_one():
    def bounds(text: str) -> list[tuple[int, int]]:
        schema = fix_schema(Document(uri="file:///x/Dockerfile", text=text, language="dockerfile"))
        options = schema["properties"]["edits"]["items"]["anyOf"]
        return [(o["properties"]["start_line"]["const"], o["properties"]["lines"]["maximum"]) for o in options]

    assert bounds("FROM a\nRUN b") == [(1, 2), (2, 1)]
    assert bounds("") == [(1, 1)]


@pytest.mark.parametrize(
    "refused", [set(), {"json_schema"}, {"json_schema", "json_object"}], ids=["json_schema", "json_object", "text"]
)
def test_every_structured_output_mode_ends_inside_the_file(fake, tmp_path, refused):
    """Whichever mode the server takes, the bounded schema goes with the request and a reversed or
    out-of-file answer is repaired."""
    fake.answer(rejecting(refused, [BROKEN["past the end"], RIGHT]))
    doc = dockerfile()
    proposal = service(fake, tmp_path).fix(doc, finding(doc, "DF001"))
    assert proposal.source == "ai", proposal.reason
    last = fake.requests[-1]
    if refused == {"json_schema", "json_object"}:
        assert "response_format" not in last
    if refused:  # in the instructions, the widest bounds
        assert '"start_line":{"type":"integer","minimum":1,"maximum":3}' in last["messages"][0]["content"]
    else:  # in the response format, one alternative per line
        assert '"start_line":{"type":"integer","const":3}' in json.dumps(last, separators=(",", ":"))


def test_a_review_request_bounds_its_lines_too(fake, tmp_path):
    fake.answer('{"findings": []}')
    service(fake, tmp_path).review(dockerfile())
    items = fake.requests[0]["response_format"]["json_schema"]["schema"]["properties"]["findings"]["items"]
    assert items["properties"]["line"] == {"type": "integer", "minimum": 1, "maximum": 3}


def test_edits_come_out_in_document_order():
    doc = dockerfile()
    answer = FixAnswer(
        edits=[
            ProposedEdit(start_line=3, lines=1, new_text="RUN echo bye"),
            ProposedEdit(start_line=1, end_line=1, new_text="FROM alpine:3.21"),
        ]
    )
    assert [e.range.start.line for e in to_edits(doc, answer)] == [0, 2]


def test_parse_never_raises_anything_but_a_bad_answer():
    for text in BROKEN.values():
        try:
            parse(text, FixAnswer)
        except AIBadAnswer:
            pass
