// VS Code settings -> the server's settings (same keys as .infragenius.toml).

export interface Getter {
  get<T>(key: string, defaultValue?: T): T | undefined;
  inspect<T>(key: string): { globalValue?: T } | undefined;
}

/**
 * Settings that decide where code and keys go. They are read from the user's own settings only: a
 * workspace's `.vscode/settings.json` comes with the repository, and a repository must not redirect
 * AI requests (the server asks before honouring its `.infragenius.toml` for these).
 */
export const USER_SCOPE_ONLY = new Set(["ai.provider", "ai.baseUrl", "ai.model"]);

/** Keys that configure the client itself and must not be sent to the server. */
const CLIENT_ONLY = new Set(["server", "trace"]);

function isEmpty(value: unknown): boolean {
  return value === "" || value === undefined || value === null;
}

/** Build the `infragenius` settings object sent with initialize and workspace/configuration. */
export function serverSettings(config: Getter): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of ["select", "ignore", "severity", "languages", "debounceMs"]) {
    const value = config.get<unknown>(key);
    if (!isEmpty(value)) out[key] = value;
  }
  const ai: Record<string, unknown> = {};
  for (const key of ["enabled", "provider", "baseUrl", "model", "context", "timeoutS"]) {
    const name = `ai.${key}`;
    const value = USER_SCOPE_ONLY.has(name) ? config.inspect<unknown>(name)?.globalValue : config.get<unknown>(name);
    if (!isEmpty(value)) ai[key] = value;
  }
  if (Object.keys(ai).length > 0) out.ai = ai;
  return out;
}

export function isClientOnly(key: string): boolean {
  return CLIENT_ONLY.has(key.split(".")[0]);
}
