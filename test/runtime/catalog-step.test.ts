/**
 * The catalog and the engine in step: every mediator the catalog declares either executes in the engine, or loads
 * and, when executed, faults with a clear message naming the mediator, the file and the line (editor-only).
 */
import assert from 'node:assert/strict';
import { implementedMediators } from '../../runtime-debug/engine';
import { catalogMediatorNames } from '../../runtime-debug/engine/catalogBridge';
import { isConnectorOperation } from '../../core/catalog';
import { NS, send, startRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

describe('runtime: catalog and engine in step', () => {
  it('every implemented mediator is declared in the catalog', () => {
    const catalog = new Set(catalogMediatorNames());
    // connector operations (<x.op>) are declared by their connector (its zip, or the built-in HTTP connector), not
    // by the mediator catalog: they only have to have the operation shape the catalog gives them
    const implemented = implementedMediators();
    const unknown = implemented.filter((n) => !(isConnectorOperation(n) || catalog.has(n)));
    assert.deepEqual(unknown, []);
    assert.ok(
      ['http.get', 'http.post', 'file.write', 'file.read'].every((n) => implemented.includes(n)),
      'the connector operations the runtime runs are registered',
    );
  });

  it('every catalog mediator without an implementation loads and faults with its name, file and line when run', async () => {
    const implemented = new Set(implementedMediators());
    const editorOnly = catalogMediatorNames().filter((n) => !implemented.has(n));
    assert.ok(editorOnly.length > 0 && editorOnly.length < 80);
    const files: Record<string, string> = {};
    editorOnly.forEach((name, i) => {
      files[`apis/EO${i}.xml`] =
        `<api ${NS} name="EO${i}" context="/eo${i}">\n<resource methods="GET"><inSequence>\n<${name}/>\n<respond/></inSequence></resource></api>`;
    });
    const t = await startRuntime(files);
    try {
      for (let i = 0; i < editorOnly.length; i++) {
        const n = t.logs.length;
        const r = await send(`${t.base}/eo${i}`);
        assert.equal(r.status, 202, editorOnly[i]);
        assert.equal(r.text, '', editorOnly[i]);
        const msg = loggedSince(t.logs, n);
        assert.ok(msg.includes(editorOnly[i]), `${editorOnly[i]}: ${msg}`);
        assert.ok(msg.includes(`apis/EO${i}.xml:3`), `${editorOnly[i]}: ${msg}`);
      }
    } finally {
      await t.close();
    }
  });
});
