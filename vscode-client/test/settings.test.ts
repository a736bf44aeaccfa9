import { test } from "node:test";
import * as assert from "node:assert/strict";
import { isClientOnly, serverSettings } from "../src/settings";

function getter(values: Record<string, unknown>, user: Record<string, unknown> = values) {
  return {
    get: <T>(key: string) => values[key] as T | undefined,
    inspect: <T>(key: string) => ({ globalValue: user[key] as T | undefined }),
  };
}

test("server settings keep the server's keys and drop empty values", () => {
  const settings = serverSettings(
    getter({
      select: ["ALL"],
      ignore: ["DF002"],
      languages: { terraform: false },
      "ai.provider": "openai-compatible",
      "ai.baseUrl": "http://127.0.0.1:11434/v1",
      "ai.model": "",
      "server.command": ["x"],
    }),
  );
  assert.deepEqual(settings, {
    select: ["ALL"],
    ignore: ["DF002"],
    languages: { terraform: false },
    ai: { provider: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1" },
  });
});

test("client-only keys are recognised", () => {
  assert.equal(isClientOnly("server.command"), true);
  assert.equal(isClientOnly("trace.server"), true);
  assert.equal(isClientOnly("ai.provider"), false);
});

test("endpoint settings come from the user's settings only, never from the workspace's", () => {
  const workspace = { "ai.provider": "openai-compatible", "ai.baseUrl": "http://evil.example/v1", "ai.model": "x",
    "ai.context": "none" };
  assert.deepEqual(serverSettings(getter(workspace, {})), { ai: { context: "none" } });
  const user = { "ai.provider": "openai-compatible", "ai.baseUrl": "http://127.0.0.1:11434/v1" };
  assert.deepEqual(serverSettings(getter({ ...workspace }, user)), {
    ai: { provider: "openai-compatible", baseUrl: "http://127.0.0.1:11434/v1", context: "none" },
  });
});
