import { test } from "node:test";
import * as assert from "node:assert/strict";
import { findingAt } from "../src/commands";

const range = (l: number, c: number, el: number, ec: number) => ({ start: { line: l, character: c }, end: { line: el, character: ec } });

test("the diagnostic under the cursor becomes the command's argument", () => {
  const diagnostics = [
    { source: "infragenius", code: "DF002", range: range(0, 5, 0, 16) },
    { source: "infragenius", code: { value: "DF001" }, range: range(1, 0, 1, 10) },
  ];
  assert.deepEqual(findingAt("file:///w/Dockerfile", 3, diagnostics, 1, 4), {
    uri: "file:///w/Dockerfile", version: 3, code: "DF001", line: 1, column: 0,
  });
});

test("falls back to a diagnostic on the same line; ignores other sources", () => {
  const diagnostics = [
    { source: "hadolint", code: "DL3008", range: range(2, 0, 2, 5) },
    { source: "infragenius", code: "DF108", range: range(2, 10, 2, 20) },
  ];
  assert.equal(findingAt("u", 1, diagnostics, 2, 1)?.code, "DF108");
  assert.equal(findingAt("u", 1, diagnostics, 5, 0), undefined);
});
