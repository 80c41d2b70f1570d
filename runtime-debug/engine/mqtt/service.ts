/**
 * The runtime's MQTT side: the inbound endpoints with protocol="mqtt" (started while the runtime serves, stopped when
 * undeployed or changed; a suspended one only logs that it is, as MqttListener.init does).
 */
import type { InboundDef } from '../model';
import { MqttInbound, type MqttHost } from './inbound';

export class MqttService {
  private readonly inbounds = new Map<string, MqttInbound>();

  constructor(private readonly host: MqttHost) {}

  /** Starts the mqtt inbound endpoints deployed and stops the others. */
  syncInbounds(all: Iterable<InboundDef>): void {
    const wanted = new Map<string, InboundDef>();
    for (const ib of all) if (ib.protocol === 'mqtt') wanted.set(ib.name, ib);
    for (const [name, running] of this.inbounds)
      if (wanted.get(name) !== running.def) {
        this.inbounds.delete(name);
        void running.stop();
      }
    for (const [name, def] of wanted) {
      if (this.inbounds.has(name)) continue;
      const ib = new MqttInbound(def, this.host);
      this.inbounds.set(name, ib);
      ib.start();
    }
  }

  /** What the MQTT inbound endpoints subscribe to (for the runtime's list of what it serves). */
  urls(): string[] {
    return [...this.inbounds.values()]
      .filter((i) => !i.def.suspended)
      .map((i) => `Inbound ${i.def.name}: subscribed to ${i.where()}`);
  }

  /** Disconnects every client (the runtime may start again). */
  async close(): Promise<void> {
    const all = [...this.inbounds.values()];
    this.inbounds.clear();
    await Promise.all(all.map((i) => i.stop()));
  }
}
