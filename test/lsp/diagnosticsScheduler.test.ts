/**
 * The debounced diagnostics scheduler (server/diagnostics.ts) on the real event loop: a validation that falls due
 * while a request is already queued behind a didChange waits for it, and each file is validated once per burst.
 */
import { strict as assert } from 'node:assert';
import { DiagnosticsScheduler } from '../../server/diagnostics';
import { until } from '../support';

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('diagnostics scheduler', () => {
  it('runs a due validation only after the messages already queued (as the connection queues them)', async () => {
    const order: string[] = [];
    const s = new DiagnosticsScheduler(
      (p) => {
        order.push(`validate ${p}`);
        return [];
      },
      () => undefined,
      0,
    );
    try {
      s.schedule(['/a.xml'], 0);
      // the timer is due before the event loop turns again (a busy server, or a slow read)
      const t = Date.now();
      while (Date.now() - t < 5) {
        // spin
      }
      // vscode-jsonrpc handles each message read on its own setImmediate: the completion request is queued here
      setImmediate(() => order.push('request'));
      // (waited for, not a fixed 30 ms: a timer of the test due in the same turn as the scheduler's would run the
      // assertion before the check phase that validates)
      await until('the validation', () => order.includes('validate /a.xml'));
      assert.deepEqual(order, ['request', 'validate /a.xml']);
    } finally {
      s.dispose();
    }
  });

  it('validates a file once after a burst of schedules, and publishes what it found', async () => {
    const validated: string[] = [];
    const published: [string, number][] = [];
    const s = new DiagnosticsScheduler(
      (p) => {
        validated.push(p);
        return [
          { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'x' },
        ];
      },
      (p, d) => published.push([p, d.length]),
      10,
    );
    try {
      for (let i = 0; i < 5; i++) s.schedule(['/a.xml', '/b.xml']);
      await until('both validated', () => validated.length >= 2);
      // once: no second validation comes
      await settle(60);
      assert.deepEqual(validated, ['/a.xml', '/b.xml']);
      assert.deepEqual(published, [
        ['/a.xml', 1],
        ['/b.xml', 1],
      ]);
    } finally {
      s.dispose();
    }
  });

  it('validates files at once on validateNow, and takes them off the queue', async () => {
    const validated: string[] = [];
    const published: string[] = [];
    const s = new DiagnosticsScheduler(
      (p) => {
        validated.push(p);
        if (p === '/bad.xml') throw new Error('boom');
        return [];
      },
      (p, d) => published.push(`${p} ${d.map((x) => x.code).join()}`),
      10,
    );
    try {
      s.schedule(['/a.xml', '/b.xml']);
      s.validateNow(['/a.xml', '/bad.xml']);
      assert.deepEqual(published, ['/a.xml ', '/bad.xml SYN_INTERNAL']);
      await until('/b.xml validated', () => validated.includes('/b.xml'));
      await settle(60);
      // only /b.xml was still queued
      assert.deepEqual(validated, ['/a.xml', '/bad.xml', '/b.xml']);
    } finally {
      s.dispose();
    }
  });
});
