// Where the language server comes from. Pure functions so they can be unit-tested without VS Code.
import * as fs from "fs";
import * as path from "path";

export interface ServerCommand {
  command: string;
  args: string[];
}

export const INSTALL_HINT = "pip install infragenius   (or: make setup in a checkout)";

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Find an executable on a PATH-like string. */
export function which(name: string, pathEnv: string | undefined, platform: string = process.platform): string | undefined {
  const exts = platform === "win32" ? [".exe", ".cmd", ".bat", ""] : [""];
  for (const dir of (pathEnv ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * The command to start the server, in order of preference:
 * 1. the `infragenius.server.command` setting, 2. `infragenius` next to the selected Python
 * interpreter (its venv's bin/Scripts), 3. `infragenius` on PATH. Undefined when none is found.
 */
export function resolveServerCommand(
  setting: string[] | undefined,
  pythonInterpreter: string | undefined,
  pathEnv: string | undefined,
  platform: string = process.platform,
): ServerCommand | undefined {
  if (setting && setting.length > 0) {
    return { command: setting[0], args: setting.slice(1) };
  }
  if (pythonInterpreter) {
    const bin = path.dirname(pythonInterpreter);
    const exe = which("infragenius", bin, platform);
    if (exe) return { command: exe, args: ["lsp"] };
  }
  const onPath = which("infragenius", pathEnv, platform);
  return onPath ? { command: onPath, args: ["lsp"] } : undefined;
}
