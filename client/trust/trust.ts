/** Restricted Mode: the features that execute or ship the project's configuration ask for trust first, saying why. */
import * as vscode from 'vscode';

const WHY: Record<string, string> = {
  run: "Running the project is disabled in Restricted Mode: the embedded runtime executes the project's configuration (script mediators, class references, outbound calls).",
  debug:
    "Debugging is disabled in Restricted Mode: the debugger runs the project's configuration in the embedded runtime.",
  deploy:
    "Deploying is disabled in Restricted Mode: it packages this workspace's configuration and sends it to a server, where it runs.",
  localServer:
    'Starting a local server is disabled in Restricted Mode: it runs a runtime process from this window.',
};

export type TrustedFeature = keyof typeof WHY;

/** The reason a feature is disabled in Restricted Mode (shown in messages, tooltips and the walkthrough). */
export function restrictedReason(feature: TrustedFeature): string {
  return WHY[feature];
}

/** True when the workspace is trusted; otherwise tells the user why the feature is off and offers to manage trust. */
export function requireTrust(feature: TrustedFeature): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(WHY[feature], 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
