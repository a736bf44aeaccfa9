// The status bar text from the server's `infragenius/status` notification, and what clicking it offers.

export interface ServerStatus {
  tier?: string;
  provider?: string;
  model?: string;
  quotaLeft?: number | null;
  message?: string;
}

export const UPGRADE_COMMAND = "infragenius.upgrade";
export const SHOW_OUTPUT_COMMAND = "infragenius.showOutput";
export const PRICING_URL = "https://api.infragenius.dev/pricing";

const TIER_TITLES: Record<string, string> = { payg: "Pay-per-use" };

function tierTitle(tier: string): string {
  return TIER_TITLES[tier] ?? tier.charAt(0).toUpperCase() + tier.slice(1);
}

/** Tiers with more to unlock: clicking the status bar offers "Start trial / Upgrade". */
function canUpgrade(status: ServerStatus | undefined): boolean {
  const tier = status?.tier ?? "community";
  return tier === "community" || tier === "payg";
}

export function statusText(status: ServerStatus | undefined): { text: string; tooltip: string } {
  if (!status) return { text: "$(shield) InfraGenius", tooltip: "InfraGenius: starting" };
  const tier = tierTitle(status.tier ?? "community");
  const provider = status.provider ?? "offline";
  const parts = [`$(shield) InfraGenius ${tier}`, `AI: ${provider}`];
  if (typeof status.quotaLeft === "number") parts.push(`${status.quotaLeft} left`);
  const tooltip = [
    `Tier: ${tier}`,
    `AI provider: ${provider}${status.model ? ` (${status.model})` : ""}`,
    status.message ?? "",
    canUpgrade(status) ? "Click: Start trial / Upgrade" : "",
  ].filter(Boolean).join("\n");
  return { text: parts.join(" · "), tooltip };
}

/** The command the status bar item runs. */
export function statusCommand(status: ServerStatus | undefined): string {
  return status && canUpgrade(status) ? UPGRADE_COMMAND : SHOW_OUTPUT_COMMAND;
}

/** The shell line that runs `infragenius ARGS` with the executable that runs the language server
 * (its `lsp` argument and what follows replaced). */
export function cliLine(server: { command: string; args: string[] }, ...args: string[]): string {
  const lsp = server.args.indexOf("lsp");
  const prefix = lsp >= 0 ? server.args.slice(0, lsp) : server.args;
  return [server.command, ...prefix, ...args].map(quote).join(" ");
}

function quote(word: string): string {
  return /^[A-Za-z0-9_./:=@-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}
