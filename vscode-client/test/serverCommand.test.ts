import { test } from "node:test";
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { resolveServerCommand, which } from "../src/serverCommand";

function fakeBin(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, "#!/bin/sh\n");
  fs.chmodSync(file, 0o755);
  return file;
}

test("the setting wins and keeps its arguments", () => {
  assert.deepEqual(resolveServerCommand(["/opt/ig/bin/infragenius", "lsp", "-v"], undefined, ""), {
    command: "/opt/ig/bin/infragenius",
    args: ["lsp", "-v"],
  });
});

test("infragenius next to the selected Python interpreter is preferred over PATH", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ig-"));
  const venvExe = fakeBin(path.join(root, "venv", "bin"), "infragenius");
  fakeBin(path.join(root, "path"), "infragenius");
  const found = resolveServerCommand([], path.join(root, "venv", "bin", "python"), path.join(root, "path"), "linux");
  assert.deepEqual(found, { command: venvExe, args: ["lsp"] });
});

test("falls back to PATH, and to undefined when nothing is installed", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ig-"));
  const exe = fakeBin(path.join(root, "b"), "infragenius");
  const pathEnv = [path.join(root, "a"), path.join(root, "b")].join(path.delimiter);
  assert.deepEqual(resolveServerCommand(undefined, undefined, pathEnv, "linux"), { command: exe, args: ["lsp"] });
  assert.equal(resolveServerCommand(undefined, undefined, path.join(root, "a"), "linux"), undefined);
});

test("which ignores non-executable files", () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "ig-"));
  fs.writeFileSync(path.join(root, "infragenius"), "");
  assert.equal(which("infragenius", root, "linux"), undefined);
});
