import { test } from "node:test";
import * as assert from "node:assert/strict";
import { statusText } from "../src/status";

test("status before the server reports", () => {
  assert.equal(statusText(undefined).text, "$(shield) InfraGenius");
});

test("status shows tier, provider and quota", () => {
  const s = statusText({ tier: "professional", provider: "infragenius-cloud", model: "ig-large", quotaLeft: 42 });
  assert.equal(s.text, "$(shield) InfraGenius Professional · AI: infragenius-cloud · 42 left");
  assert.match(s.tooltip, /AI provider: infragenius-cloud \(ig-large\)/);
});
