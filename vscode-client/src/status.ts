// The status bar text from the server's `infragenius/status` notification.

export interface ServerStatus {
  tier?: string;
  provider?: string;
  model?: string;
  quotaLeft?: number | null;
  message?: string;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function statusText(status: ServerStatus | undefined): { text: string; tooltip: string } {
  if (!status) return { text: "$(shield) InfraGenius", tooltip: "InfraGenius: starting" };
  const tier = capitalise(status.tier ?? "community");
  const provider = status.provider ?? "offline";
  const parts = [`$(shield) InfraGenius ${tier}`, `AI: ${provider}`];
  if (typeof status.quotaLeft === "number") parts.push(`${status.quotaLeft} left`);
  const tooltip = [
    `Tier: ${tier}`,
    `AI provider: ${provider}${status.model ? ` (${status.model})` : ""}`,
    status.message ?? "",
  ].filter(Boolean).join("\n");
  return { text: parts.join(" · "), tooltip };
}
