// A thin client: start `infragenius lsp`, forward settings, show status. Everything smart lives in
// the server so Neovim and JetBrains get the same behaviour.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { EXPLAIN_COMMAND, FIX_COMMAND, findingAt } from "./commands";
import { INSTALL_HINT, resolveServerCommand } from "./serverCommand";
import { serverSettings } from "./settings";
import { cliLine, PRICING_URL, ServerStatus, statusCommand, statusText, UPGRADE_COMMAND } from "./status";

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;
let serverCommand: { command: string; args: string[] } | undefined; // the CLI "Start trial" runs

const DOCUMENT_SELECTOR = [
  { scheme: "file", language: "dockerfile" },
  { scheme: "file", pattern: "**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}" },
  { scheme: "file", language: "terraform" },
  { scheme: "file", pattern: "**/*.{tf,tfvars}" },
  { scheme: "file", language: "helm" },
  { scheme: "file", pattern: "**/templates/**/*.{yaml,yml,tpl}" },
  { scheme: "file", pattern: "**/{Chart.yaml,values.yaml}" },
  { scheme: "file", pattern: "**/.github/workflows/*.{yml,yaml}" },
  { scheme: "file", pattern: "**/action.{yml,yaml}" },
  { scheme: "file", pattern: "**/{.gitlab-ci.yml,*.gitlab-ci.yml}" },
  { scheme: "file", language: "dockercompose" },
  { scheme: "file", pattern: "**/{compose,docker-compose}*.{yml,yaml}" },
  { scheme: "file", language: "yaml" },
  { scheme: "untitled", language: "dockerfile" },
];

async function pythonInterpreter(): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension("ms-python.python");
  if (!ext) return undefined;
  try {
    if (!ext.isActive) await ext.activate();
    const api: any = ext.exports;
    const env = api?.environments?.getActiveEnvironmentPath?.();
    return env?.path;
  } catch {
    return undefined;
  }
}

async function secrets(context: vscode.ExtensionContext): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const license = await context.secrets.get("infragenius.licenseToken");
  const cloudKey = await context.secrets.get("infragenius.cloudKey");
  if (license) out.licenseToken = license;
  if (cloudKey) out.cloudKey = cloudKey;
  return out;
}

async function startClient(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration("infragenius");
  const resolved = resolveServerCommand(config.get<string[]>("server.command"), await pythonInterpreter(), process.env.PATH);
  if (!resolved) {
    const choice = await vscode.window.showErrorMessage(
      `InfraGenius language server not found. Install it with: ${INSTALL_HINT}, or set "infragenius.server.command".`,
      "Open Settings",
    );
    if (choice) vscode.commands.executeCommand("workbench.action.openSettings", "infragenius.server.command");
    return;
  }
  serverCommand = resolved;
  const serverOptions: ServerOptions = { command: resolved.command, args: resolved.args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    initializationOptions: { infragenius: serverSettings(config), ...(await secrets(context)) },
    synchronize: { configurationSection: "infragenius" },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          return (params.items ?? []).map((item: any, i: number) =>
            item.section === "infragenius" ? serverSettings(vscode.workspace.getConfiguration("infragenius")) : (result as any[])[i],
          );
        },
      },
    },
  };
  client = new LanguageClient("infragenius", "InfraGenius", serverOptions, clientOptions);
  client.onNotification("infragenius/status", (status: ServerStatus) => {
    const { text, tooltip } = statusText(status);
    statusItem.text = text;
    statusItem.tooltip = tooltip;
    statusItem.command = statusCommand(status);
  });
  await client.start();
}

/** Run a server AI command on our diagnostic under the cursor; show an explanation beside. */
async function runOnFinding(command: string, show: boolean): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || !client) return;
  const { document, selection } = editor;
  const diagnostics = vscode.languages.getDiagnostics(document.uri).map((d) => ({
    source: d.source,
    code: typeof d.code === "object" && d.code !== null ? { value: d.code.value } : d.code,
    range: d.range,
  }));
  const args = findingAt(document.uri.toString(), document.version, diagnostics, selection.active.line, selection.active.character);
  if (!args) {
    vscode.window.showInformationMessage("InfraGenius: no finding under the cursor.");
    return;
  }
  const result: any = await client.sendRequest("workspace/executeCommand", { command, arguments: [args] });
  if (show && result?.markdown) {
    const doc = await vscode.workspace.openTextDocument({ language: "markdown", content: result.markdown });
    await vscode.window.showTextDocument(doc, vscode.ViewColumn.Beside, true);
  }
}

/** "Start trial / Upgrade": the trial in a terminal (sign in, then start it), or the pricing page. */
async function upgrade(): Promise<void> {
  const trial = "Start the 14-day Professional trial";
  const pricing = "See pricing and upgrade";
  const choice = await vscode.window.showQuickPick([trial, pricing], { placeHolder: "InfraGenius: Start trial / Upgrade" });
  if (choice === pricing) {
    await vscode.env.openExternal(vscode.Uri.parse(PRICING_URL));
  } else if (choice === trial && serverCommand) {
    const terminal = vscode.window.createTerminal("InfraGenius");
    terminal.show();
    terminal.sendText(`${cliLine(serverCommand, "login")} && ${cliLine(serverCommand, "license", "trial")}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("InfraGenius", { log: true });
  statusItem = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 50);
  statusItem.command = "infragenius.showOutput";
  const initial = statusText(undefined);
  statusItem.text = initial.text;
  statusItem.tooltip = initial.tooltip;
  statusItem.show();
  context.subscriptions.push(
    output,
    statusItem,
    vscode.commands.registerCommand("infragenius.showOutput", () => output.show()),
    vscode.commands.registerCommand("infragenius.restartServer", async () => {
      await client?.stop();
      await startClient(context);
    }),
    vscode.commands.registerCommand("infragenius.explainFinding", () => runOnFinding(EXPLAIN_COMMAND, true)),
    vscode.commands.registerCommand("infragenius.fixWithAI", () => runOnFinding(FIX_COMMAND, false)),
    vscode.commands.registerCommand(UPGRADE_COMMAND, upgrade),
    vscode.commands.registerCommand("infragenius.activateLicense", async () => {
      const token = await vscode.window.showInputBox({ prompt: "InfraGenius license token", password: true, ignoreFocusOut: true });
      if (!token) return;
      await context.secrets.store("infragenius.licenseToken", token.trim());
      await client?.stop();
      await startClient(context);
    }),
  );
  await startClient(context);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
