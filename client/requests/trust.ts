/** Restricted Mode for the request sender (the debugger's reason comes from client/trust). */
import * as vscode from 'vscode';

export const REQUESTS_RESTRICTED_REASON =
  "Sending requests is disabled in Restricted Mode: a request runs the project's configuration in the local runtime (script mediators, class references, outbound calls).";

/** True when the workspace is trusted; otherwise says why requests are off and offers to manage trust. */
export function requireTrustForRequests(): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(REQUESTS_RESTRICTED_REASON, 'Manage Workspace Trust').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.trust.manage');
  });
  return false;
}
