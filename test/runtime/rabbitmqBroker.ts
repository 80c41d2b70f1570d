/**
 * A private RabbitMQ broker for the RabbitMQ tests: Debian's rabbitmq-server run as its own node in a temp folder
 * (its AMQP, Erlang distribution and epmd ports all free ports of 127.0.0.1, no plugins), a second user with its own
 * password, stopped and removed at the end. Throws (the test fails, it does not skip) when rabbitmq-server is not
 * installed: .ci/run installs the Debian package.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { STOPPED_DIR_RM, onFreePorts, readLog, sleep } from '../support';

const SBIN = '/usr/lib/rabbitmq/bin';

export interface Broker {
  port: number;
  /** A channel of the test's own connection (guest) to look at queues and publish. */
  ch: Channel;
  /** Messages waiting in a queue (0 when it does not exist). */
  depth(queue: string): Promise<number>;
  /** Consumers on a queue (0 when it does not exist). */
  consumers(queue: string): Promise<number>;
  /** Takes (and acks) every message of a queue, oldest first (bounded). */
  drain(queue: string, max?: number): Promise<GetMessage[]>;
  /** Waits until the queue holds `n` messages (10 s at most by default); returns the depth seen last. */
  waitDepth(queue: string, n: number, ms?: number): Promise<number>;
  /** Runs rabbitmqctl against this node. */
  ctl(...args: string[]): string;
  stop(): Promise<void>;
}

/** A broker on free ports of 127.0.0.1 (others when one is taken: onFreePorts). */
export function startBroker(): Promise<Broker> {
  return onFreePorts(3, ([port, dist, epmd]) => startBrokerOn(port, dist, epmd));
}

async function startBrokerOn(port: number, dist: number, epmd: number): Promise<Broker> {
  if (!existsSync(join(SBIN, 'rabbitmq-server')))
    throw new Error(
      'rabbitmq-server is not installed (no /usr/lib/rabbitmq/bin/rabbitmq-server): apt-get install -y --no-install-recommends rabbitmq-server',
    );
  const dir = mkdtempSync(join(tmpdir(), 'rmq-'));
  const node = `synt${port}@localhost`;
  mkdirSync(join(dir, 'home'));
  writeFileSync(
    join(dir, 'rabbitmq.conf'),
    [`listeners.tcp.default = 127.0.0.1:${port}`, 'loopback_users = none', 'log.console = false', ''].join(
      '\n',
    ),
  );
  writeFileSync(join(dir, 'enabled_plugins'), '[].\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOME: join(dir, 'home'),
    RABBITMQ_NODENAME: node,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(port),
    RABBITMQ_DIST_PORT: String(dist),
    ERL_EPMD_PORT: String(epmd),
    ERL_EPMD_ADDRESS: '127.0.0.1',
    RABBITMQ_MNESIA_BASE: join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: join(dir, 'log'),
    RABBITMQ_CONFIG_FILE: join(dir, 'rabbitmq'),
    RABBITMQ_ENABLED_PLUGINS_FILE: join(dir, 'enabled_plugins'),
    RABBITMQ_PID_FILE: join(dir, 'pid'),
  };
  const proc: ChildProcess = spawn(join(SBIN, 'rabbitmq-server'), [], { env, stdio: 'ignore' });
  let exited = false;
  proc.once('exit', () => (exited = true));
  const ctl = (...args: string[]) =>
    execFileSync(join(SBIN, 'rabbitmqctl'), ['-n', node, ...args], {
      env,
      timeout: 30_000,
      stdio: 'pipe',
    }).toString();
  /** Its logs (an address in use is said there), the folder removed: for a start-up that failed. */
  const failed = (why: string): Error => {
    if (!exited) proc.kill('SIGKILL');
    const vm = Number(readLog(join(dir, 'pid')).trim());
    if (vm)
      try {
        process.kill(vm, 'SIGKILL');
      } catch {
        // gone
      }
    const logs = existsSync(join(dir, 'log'))
      ? readdirSync(join(dir, 'log'))
          .map((f) => readLog(join(dir, 'log', f)))
          .join('\n')
      : '';
    try {
      execFileSync('epmd', ['-kill'], { env, timeout: 10_000, stdio: 'pipe' });
    } catch {
      // no epmd
    }
    rmSync(dir, { recursive: true, force: true });
    return new Error(`${why} (ports ${port}, ${dist}, epmd ${epmd}):\n${logs}`);
  };
  let connected: ChannelModel | undefined;
  const deadline = Date.now() + 60_000;
  while (!connected) {
    if (exited) throw failed('rabbitmq-server exited during start-up');
    try {
      connected = await connect({ hostname: '127.0.0.1', port, username: 'guest', password: 'guest' });
    } catch (e) {
      if (Date.now() > deadline)
        throw failed(`rabbitmq-server did not accept connections within 60 s: ${(e as Error).message}`);
      await sleep(250);
    }
  }
  const conn: ChannelModel = connected;
  // a second login for the tests (guest is the default one)
  ctl('add_user', 'synapse', 'rabbit-secret');
  ctl('set_permissions', '-p', '/', 'synapse', '.*', '.*', '.*');
  conn.on('error', () => undefined);
  const ch = await conn.createChannel();
  ch.on('error', () => undefined);
  let look: Channel | undefined;
  /** checkQueue on a missing queue closes its channel: looks go on a channel of their own. */
  const lookChannel = async (): Promise<Channel> => {
    if (look) return look;
    const c = await conn.createChannel();
    c.on('error', () => undefined);
    c.on('close', () => (look = undefined));
    look = c;
    return c;
  };
  const depth = async (queue: string) => {
    try {
      return (await (await lookChannel()).checkQueue(queue)).messageCount;
    } catch {
      look = undefined;
      return 0;
    }
  };
  return {
    port,
    ch,
    ctl,
    depth,
    async consumers(queue) {
      try {
        return (await (await lookChannel()).checkQueue(queue)).consumerCount;
      } catch {
        look = undefined;
        return 0;
      }
    },
    async drain(queue, max = 100) {
      const out: GetMessage[] = [];
      const c = await lookChannel();
      for (let i = 0; i < max; i++) {
        const m = await c.get(queue, { noAck: true });
        if (!m) break;
        out.push(m);
      }
      return out;
    },
    async waitDepth(queue, n, ms = 10_000) {
      const end = Date.now() + ms;
      let d = await depth(queue);
      while (d !== n && Date.now() < end) {
        await sleep(50);
        d = await depth(queue);
      }
      return d;
    },
    async stop() {
      await conn.close().catch(() => undefined);
      // the Erlang VM's own pid (the node writes it; it is not the script's): waited for, killed if it stays
      let vm: number | undefined;
      try {
        vm = Number(readFileSync(join(dir, 'pid'), 'utf8').trim()) || undefined;
      } catch {
        vm = undefined;
      }
      try {
        ctl('stop');
      } catch {
        // killed below
      }
      const alive = (pid: number) => {
        try {
          process.kill(pid, 0);
          return true;
        } catch {
          return false;
        }
      };
      const end = Date.now() + 10_000;
      while (((vm && alive(vm)) || !exited) && Date.now() < end) await sleep(100);
      if (vm && alive(vm)) process.kill(vm, 'SIGKILL');
      if (!exited) proc.kill('SIGKILL');
      try {
        execFileSync('epmd', ['-kill'], { env, timeout: 10_000, stdio: 'pipe' });
      } catch {
        // epmd already gone
      }
      rmSync(dir, STOPPED_DIR_RM);
    },
  };
}
