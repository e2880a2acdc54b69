// The sjdsl extension's client: starts `sjdsl lsp` (the language server, over stdio) for .pol
// files. Plain JavaScript, no build step: `npm install` in this folder fetches
// vscode-languageclient, and VS Code loads this file as it is.
"use strict";

const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function serverCommand() {
  const config = vscode.workspace.getConfiguration("sjdsl");
  // the sjdsl command: "sjdsl" on PATH, or e.g. /path/to/repo/.venv/bin/sjdsl
  const command = config.get("server.path") || "sjdsl";
  const args = config.get("server.args") || ["lsp"];
  return { command, args, transport: TransportKind.stdio };
}

async function start(context) {
  const server = serverCommand();
  client = new LanguageClient(
    "sjdsl",
    "sjdsl policy language server",
    { run: server, debug: server },
    {
      documentSelector: [{ scheme: "file", language: "sjdsl" },
                         { scheme: "untitled", language: "sjdsl" }],
      synchronize: {
        // official texts and sibling .pol files changed outside the editor
        fileEvents: vscode.workspace.createFileSystemWatcher("**/*.{pol,txt}"),
      },
    },
  );
  try {
    await client.start();
  } catch (err) {
    vscode.window.showErrorMessage(
      `sjdsl: could not start "${server.command} ${server.args.join(" ")}" (${err.message || err}). ` +
      "Install sjdsl with its language server (pip install 'sjdsl[lsp]') or set sjdsl.server.path.");
  }
}

async function activate(context) {
  await start(context);
  context.subscriptions.push(
    vscode.commands.registerCommand("sjdsl.restartServer", async () => {
      if (client) {
        await client.stop();
      }
      await start(context);
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration("sjdsl.server")) {
        await vscode.commands.executeCommand("sjdsl.restartServer");
      }
    }),
  );
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
