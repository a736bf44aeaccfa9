// A thin client: start `infragenius lsp`, forward settings, show status. Everything smart lives in
// the server so Neovim and JetBrains get the same behaviour.
import * as vscode from "vscode";
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from "vscode-languageclient/node";
import { INSTALL_HINT, resolveServerCommand } from "./serverCommand";
import { serverSettings } from "./settings";
import { ServerStatus, statusText } from "./status";

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem;
let output: vscode.LogOutputChannel;

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
  });
  await client.start();
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
    vscode.commands.registerCommand("infragenius.explainFinding", (...args: unknown[]) =>
      client?.sendRequest("workspace/executeCommand", { command: "infragenius.explain", arguments: args }),
    ),
    vscode.commands.registerCommand("infragenius.fixWithAI", (...args: unknown[]) =>
      client?.sendRequest("workspace/executeCommand", { command: "infragenius.fixWithAI", arguments: args }),
    ),
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
