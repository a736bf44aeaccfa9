import { test } from "node:test";
import * as assert from "node:assert/strict";
import { cliLine, statusCommand, statusText } from "../src/status";

test("status before the server reports", () => {
  assert.equal(statusText(undefined).text, "$(shield) InfraGenius");
});

test("status shows tier, provider and quota", () => {
  const s = statusText({ tier: "professional", provider: "infragenius-cloud", model: "ig-large", quotaLeft: 42 });
  assert.equal(s.text, "$(shield) InfraGenius Professional · AI: infragenius-cloud · 42 left");
  assert.match(s.tooltip, /AI provider: infragenius-cloud \(ig-large\)/);
});

test("Community and pay-per-use offer Start trial / Upgrade; paid tiers show the output", () => {
  assert.equal(statusCommand({ tier: "community" }), "infragenius.upgrade");
  assert.equal(statusCommand({ tier: "payg" }), "infragenius.upgrade");
  assert.equal(statusCommand({ tier: "professional" }), "infragenius.showOutput");
  assert.equal(statusCommand(undefined), "infragenius.showOutput");
  const s = statusText({ tier: "payg", provider: "offline" });
  assert.equal(s.text, "$(shield) InfraGenius Pay-per-use · AI: offline");
  assert.match(s.tooltip, /Click: Start trial \/ Upgrade$/);
});

test("the trial runs the CLI next to the language server", () => {
  assert.equal(cliLine({ command: "/home/me/.venv/bin/infragenius", args: ["lsp"] }, "license", "trial"), "/home/me/.venv/bin/infragenius license trial");
  assert.equal(cliLine({ command: "/opt/my tools/python", args: ["-m", "infragenius", "lsp", "--stdio"] }, "login"), "'/opt/my tools/python' -m infragenius login");
});
