/**
 * A small pool of connections to one server, as the File connector's connection pool (maxActiveConnections,
 * maxWaitTime): at most `maxActive` open at once, an idle one reused, a caller waiting up to `maxWaitMs` for one to
 * come back, a broken one dropped. Idle connections close after a while (their timer does not keep the process
 * alive) and all of them at close() (the runtime's stop); a pool used again after close() opens new ones (a
 * connection kept by a deployed definition outlives a stop of the runtime).
 */
export interface PoolOptions<T> {
  create(): Promise<T>;
  destroy(c: T): void;
  /** A connection fit to reuse (not closed by the server meanwhile). */
  alive(c: T): boolean;
  /**
   * An idle connection must not keep the process alive (its socket unref'd), a busy one does (ref'd again): a
   * connection a late message opened after the runtime's stop does not hold the process until its idle timeout.
   */
  hold(c: T, busy: boolean): void;
  maxActive: number;
  maxWaitMs: number;
  idleMs: number;
  /** What a caller that waited too long is told. */
  exhausted(): Error;
}

export class Pool<T> {
  private readonly idle: { c: T; timer: NodeJS.Timeout }[] = [];
  private readonly waiters: { resolve: (c: T | undefined) => void; timer: NodeJS.Timeout }[] = [];
  private active = 0;
  /** Bumped by close(): a connection made before is closed when it comes back. */
  private generation = 0;
  private readonly born = new WeakMap<object, number>();

  constructor(private readonly o: PoolOptions<T>) {}

  /** Runs `f` with a connection; a failure of the connection itself (`broken`) drops it instead of reusing it. */
  async use<R>(f: (c: T) => Promise<R>, broken: (e: unknown) => boolean): Promise<R> {
    const c = await this.acquire();
    let ok = true;
    try {
      return await f(c);
    } catch (e) {
      if (broken(e)) ok = false;
      throw e;
    } finally {
      this.release(c, ok);
    }
  }

  private async acquire(): Promise<T> {
    while (this.idle.length) {
      const { c, timer } = this.idle.pop()!;
      clearTimeout(timer);
      if (this.o.alive(c)) {
        this.active++;
        this.o.hold(c, true);
        return c;
      }
      this.o.destroy(c);
    }
    if (this.active < Math.max(1, this.o.maxActive)) {
      this.active++;
      try {
        return this.stamp(await this.o.create());
      } catch (e) {
        this.active--;
        this.wakeOne();
        throw e;
      }
    }
    const c = await new Promise<T | undefined>((resolve) => {
      const w = {
        resolve,
        timer: setTimeout(() => {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          resolve(undefined);
        }, this.o.maxWaitMs),
      };
      w.timer.unref();
      this.waiters.push(w);
    });
    if (c === undefined) throw this.o.exhausted();
    return c;
  }

  private stamp(c: T): T {
    if (typeof c === 'object' && c !== null) this.born.set(c, this.generation);
    return c;
  }

  private release(c: T, ok: boolean): void {
    const stale = typeof c === 'object' && c !== null && this.born.get(c) !== this.generation;
    if (!ok || stale || !this.o.alive(c)) {
      this.o.destroy(c);
      this.active--;
      this.wakeOne();
      return;
    }
    const w = this.waiters.shift();
    if (w) {
      clearTimeout(w.timer);
      w.resolve(c);
      return;
    }
    this.active--;
    this.o.hold(c, false);
    const timer = setTimeout(() => {
      const i = this.idle.findIndex((x) => x.c === c);
      if (i >= 0) this.idle.splice(i, 1);
      this.o.destroy(c);
    }, this.o.idleMs);
    timer.unref();
    this.idle.push({ c, timer });
  }

  /** A slot freed: a waiter gets a new connection. */
  private wakeOne(): void {
    const w = this.waiters.shift();
    if (!w) return;
    clearTimeout(w.timer);
    this.active++;
    this.o.create().then(
      (c) => w.resolve(this.stamp(c)),
      () => {
        this.active--;
        w.resolve(undefined);
      },
    );
  }

  /** Closes the idle connections; the busy ones close when they come back. */
  close(): void {
    this.generation++;
    for (const { c, timer } of this.idle.splice(0)) {
      clearTimeout(timer);
      this.o.destroy(c);
    }
    for (const w of this.waiters.splice(0)) {
      clearTimeout(w.timer);
      w.resolve(undefined);
    }
  }
}
