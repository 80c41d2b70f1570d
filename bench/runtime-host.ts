/**
 * The engine in a process of its own for the debug-hook benchmark: `node runtime-host.js DIR PORT [--hook]`.
 * The debug hook behaves like a debugger with breakpoints elsewhere: it looks the mediator's file:line up in a
 * breakpoint set and never pauses. With --hook it is attached from the start; SIGUSR1 attaches or detaches it (so
 * one process can be measured with and without, alternately), SIGUSR2 prints "hook calls N" and "hook on|off".
 * The relay path is off (RuntimeOptions.relay): an attached hook turns it off anyway (a debugger sees every mediator),
 * so with it on, "without the hook" would measure the relay path against the general path with the hook, not the
 * hook's own cost.
 */
import { Runtime, type DebugHook } from '../runtime-debug/engine';
import { tuneServerProcess } from '../runtime-debug/engine/serverProcess';

async function main() {
  // as synapse run does
  tuneServerProcess();
  const [dir, port, flag] = process.argv.slice(2);
  const rt = new Runtime({ host: '127.0.0.1', httpPort: Number(port), relay: false });
  const report = rt.loadProject(dir);
  if (report.problems.length) {
    for (const p of report.problems)
      process.stderr.write(`${p.file}:${p.line}:${p.column} ${p.code} ${p.message}\n`);
    process.exit(1);
  }
  const breakpoints = new Set<string>(['/nowhere/Other.xml:12']);
  let seen = 0;
  const hook: DebugHook = {
    beforeMediator(frame) {
      seen++;
      if (breakpoints.has(`${frame.file}:${frame.line}`)) return new Promise<void>(() => undefined);
    },
  };
  let on = flag === '--hook';
  rt.setDebugHook(on ? hook : undefined);
  process.on('SIGUSR1', () => {
    on = !on;
    rt.setDebugHook(on ? hook : undefined);
    process.stdout.write(`hook ${on ? 'on' : 'off'}\n`);
  });
  process.on('SIGUSR2', () => process.stdout.write(`hook calls ${seen}\n`));
  const addr = await rt.start();
  process.stdout.write(`ready ${addr.port}\n`);
  process.on('SIGTERM', () => void rt.stop(0).then(() => process.exit(0)));
}
void main();
