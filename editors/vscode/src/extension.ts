// copydesk for VS Code: starts `copydesk lsp` for Markdown and plain-text drafts.
// All checking happens in the server; this file only starts it, passes the settings,
// and adds commands and a status bar item.
import * as vscode from "vscode";
import {
  CodeAction,
  CodeActionKind,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  State,
  Trace,
} from "vscode-languageclient/node";

const SECTION = "copydesk";
const FIX_ALL_KIND = "source.fixAll.copydesk";

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let status: vscode.StatusBarItem;
let serverState: "starting" | "running" | "stopped" | "error" = "stopped";

/** The server's settings (same keys as copydesk.toml), from the `copydesk.*` settings. */
export function serverSettings(cfg: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const sources = cfg.get<string[]>("sources", []);
  if (sources.length > 0) out.sources = sources;
  const kb = cfg.get<string[]>("kb", []);
  if (kb.length > 0) out.kb = kb;
  const date = cfg.get<string>("date", "");
  if (date) out.date = date;
  const rules = cfg.get<Record<string, unknown>>("rules", {});
  if (rules && Object.keys(rules).length > 0) out.rules = rules;
  const prefer = cfg.get<string[]>("spelling.prefer", []);
  if (prefer.length > 0) out.spelling = { prefer };
  const maxFileBytes = cfg.get<number>("maxFileBytes", 4194304);
  if (maxFileBytes !== 4194304) out.maxFileBytes = maxFileBytes;
  return out;
}

function updateStatus(): void {
  const editor = vscode.window.activeTextEditor;
  let count = 0;
  if (editor) {
    count = vscode.languages
      .getDiagnostics(editor.document.uri)
      .filter((d) => d.source === "copydesk").length;
  }
  const icon = {
    starting: "$(sync~spin)",
    running: count > 0 ? "$(warning)" : "$(check)",
    stopped: "$(circle-slash)",
    error: "$(error)",
  }[serverState];
  status.text = serverState === "running" ? `${icon} copydesk ${count}` : `${icon} copydesk`;
  status.tooltip =
    serverState === "running"
      ? `copydesk: ${count} finding${count === 1 ? "" : "s"} in this file — click for the output`
      : `copydesk: server ${serverState} — click for the output`;
  status.show();
}

function makeClient(): LanguageClient {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  const command = cfg.get<string>("path", "copydesk") || "copydesk";
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "markdown" },
      { scheme: "file", language: "plaintext" },
      { scheme: "untitled", language: "markdown" },
      { scheme: "untitled", language: "plaintext" },
    ],
    initializationOptions: serverSettings(cfg),
    outputChannel: output,
    synchronize: {
      fileEvents: vscode.workspace.createFileSystemWatcher("**/{copydesk.toml,*.txt,*.md,*.toml}"),
    },
    middleware: {
      workspace: {
        // Answer workspace/configuration for section "copydesk" in the server's shape.
        configuration: (params, token, next) => {
          const answers = params.items.map((item) =>
            item.section === SECTION
              ? serverSettings(vscode.workspace.getConfiguration(SECTION))
              : null,
          );
          if (answers.every((a) => a !== null)) return answers;
          return next(params, token);
        },
      },
    },
  };
  const c = new LanguageClient("copydesk", "copydesk", serverOptions, clientOptions);
  c.onDidChangeState((e) => {
    serverState =
      e.newState === State.Running ? "running" : e.newState === State.Starting ? "starting" : "stopped";
    updateStatus();
  });
  return c;
}

async function start(): Promise<void> {
  client = makeClient();
  serverState = "starting";
  updateStatus();
  try {
    await client.start();
    const trace = vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off");
    await client.setTrace(Trace.fromString(trace));
  } catch (err) {
    serverState = "error";
    updateStatus();
    const path = vscode.workspace.getConfiguration(SECTION).get<string>("path", "copydesk");
    output.appendLine(`copydesk: could not start '${path} lsp': ${err}`);
    void vscode.window.showErrorMessage(
      `copydesk: could not start the language server ('${path} lsp'). Set copydesk.path to the binary.`,
    );
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (c) {
    try {
      await c.stop(2000);
    } catch {
      // already gone
    }
  }
  serverState = "stopped";
  updateStatus();
}

/** Ask the server for source.fixAll.copydesk on the whole document and apply it. */
export async function fixAll(editor = vscode.window.activeTextEditor): Promise<boolean> {
  if (!client || !editor) return false;
  const doc = editor.document;
  const whole = new vscode.Range(0, 0, doc.lineCount, 0);
  const params = {
    textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) },
    range: client.code2ProtocolConverter.asRange(whole),
    context: { diagnostics: [], only: [FIX_ALL_KIND], triggerKind: 1 },
  };
  const actions = (await client.sendRequest("textDocument/codeAction", params)) as CodeAction[] | null;
  let applied = false;
  for (const action of actions ?? []) {
    if (action.kind !== FIX_ALL_KIND && action.kind !== CodeActionKind.SourceFixAll) continue;
    if (!action.edit) continue;
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
    applied = (await vscode.workspace.applyEdit(edit)) || applied;
  }
  if (!applied) void vscode.window.setStatusBarMessage("copydesk: nothing to fix", 3000);
  return applied;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("copydesk", { log: true });
  status = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  status.command = "copydesk.showOutput";
  context.subscriptions.push(
    output,
    status,
    vscode.commands.registerCommand("copydesk.restart", async () => {
      await stop();
      await start();
    }),
    vscode.commands.registerCommand("copydesk.fixAll", () => fixAll()),
    vscode.commands.registerCommand("copydesk.showOutput", () => output.show(true)),
    vscode.languages.onDidChangeDiagnostics(() => updateStatus()),
    vscode.window.onDidChangeActiveTextEditor(() => updateStatus()),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration(SECTION)) return;
      if (e.affectsConfiguration(`${SECTION}.path`)) {
        await stop();
        await start();
        return;
      }
      if (e.affectsConfiguration(`${SECTION}.trace.server`) && client) {
        const trace = vscode.workspace.getConfiguration(SECTION).get<string>("trace.server", "off");
        await client.setTrace(Trace.fromString(trace));
      }
      // The server re-reads its section on didChangeConfiguration.
      await client?.sendNotification("workspace/didChangeConfiguration", { settings: null });
    }),
  );
  await start();
}

export async function deactivate(): Promise<void> {
  await stop();
}
