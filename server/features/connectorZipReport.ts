/**
 * Connector zips the server does not read (unsafe entry names, bombs, not a connector...), reported for the project
 * that carries them. An editor shows no diagnostic on a zip, so they are published on the project's pom.xml (the
 * Problems view lists them under it, and they go away when the zip is fixed or removed); a project without a pom.xml
 * gets one window message per change instead. Published only when what there is to say changes.
 */
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  DiagnosticSeverity,
  MessageType,
  ShowMessageNotification,
  type Connection,
  type Diagnostic,
} from 'vscode-languageserver';
import type { Project } from '../../core/project/discover';
import { projectZipProblems, zipProblemMessage } from '../../core/project/connectors';
import { SOURCE } from '../diagnostics';

export interface ZipReportSink {
  publish(path: string, diagnostics: Diagnostic[]): void;
  showWarning(message: string): void;
}

/**
 * A warning in a window message, as a notification (window/showMessage): the request form would wait for an answer
 * the client may not give.
 */
export function showWarning(connection: Pick<Connection, 'sendNotification'>, message: string): void {
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
}

export class ConnectorZipReport {
  /** What was last said per project root (pom path or '' for a window message, and the text). */
  private readonly said = new Map<string, { pom: string; text: string }>();

  constructor(private readonly sink: ZipReportSink) {}

  /** Looks at the projects' connector zips again and says what changed. */
  refresh(projects: readonly Project[]): void {
    const roots = new Set<string>();
    for (const p of projects) {
      roots.add(p.root);
      const problems = projectZipProblems(p);
      const lines = problems.map((z) => `${relative(p.root, z.file) || z.file}: ${zipProblemMessage(z)}`);
      const text = lines.join('\n');
      const before = this.said.get(p.root);
      if ((before?.text ?? '') === text) {
        if (!before) this.said.set(p.root, { pom: '', text });
        continue;
      }
      const pom = join(p.root, 'pom.xml');
      const hasPom = existsSync(pom);
      if (hasPom) {
        this.sink.publish(
          pom,
          problems.map((z, i) => ({
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            severity: DiagnosticSeverity.Warning,
            code: 'SYN604',
            source: SOURCE,
            message: lines[i],
          })),
        );
      } else if (text) {
        this.sink.showWarning(`Synapse project ${p.name}: ${lines.join(' ')}`);
      }
      // a pom that was used before and no longer is (or the other way round) is cleared
      if (before && before.pom && before.pom !== (hasPom ? pom : '')) this.sink.publish(before.pom, []);
      this.said.set(p.root, { pom: hasPom ? pom : '', text });
    }
    for (const [root, s] of this.said) {
      if (roots.has(root)) continue;
      if (s.pom && s.text) this.sink.publish(s.pom, []);
      this.said.delete(root);
    }
  }
}
