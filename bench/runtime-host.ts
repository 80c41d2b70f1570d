/**
 * The engine in a process of its own for the debug-hook benchmark: `node runtime-host.js DIR PORT [--hook]`.
 * With --hook it attaches a debug hook that behaves like a debugger with breakpoints elsewhere: it looks the
 * mediator's file:line up in a breakpoint set and never pauses.
 */
import { Runtime, type DebugHook } from '../runtime-debug/engine';

async function main() {
  const [dir, port, flag] = process.argv.slice(2);
  const rt = new Runtime({ host: '127.0.0.1', httpPort: Number(port) });
  const report = rt.loadProject(dir);
  if (report.problems.length) {
    for (const p of report.problems) process.stderr.write(`${p.file}:${p.line}:${p.column} ${p.code} ${p.message}\n`);
    process.exit(1);
  }
  if (flag === '--hook') {
    const breakpoints = new Set<string>(['/nowhere/Other.xml:12']);
    let seen = 0;
    const hook: DebugHook = {
      beforeMediator(frame) {
        seen++;
        if (breakpoints.has(`${frame.file}:${frame.line}`)) return new Promise<void>(() => undefined);
      },
    };
    rt.setDebugHook(hook);
    process.on('SIGUSR2', () => process.stdout.write(`hook calls ${seen}\n`));
  }
  const addr = await rt.start();
  process.stdout.write(`ready ${addr.port}\n`);
  process.on('SIGTERM', () => void rt.stop(0).then(() => process.exit(0)));
}
void main();
