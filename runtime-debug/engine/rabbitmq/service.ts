/**
 * The runtime's RabbitMQ side: the inbound endpoints with protocol="rabbitmq" (started while the runtime serves,
 * stopped when undeployed or deactivated) and the RabbitMQ message stores (backends for MessageStores).
 */
import type { InboundDef, MessageStoreDef } from '../model';
import type { MessageStores } from '../stores';
import { RabbitConnections } from './connections';
import { RabbitMQInbound, type InboundHost } from './inbound';
import { RabbitMQStoreBackend } from './store';
import { isRabbitMQStore } from './params';

export class RabbitMQService {
  private readonly connections = new RabbitConnections();
  private readonly inbounds = new Map<string, RabbitMQInbound>();

  constructor(private readonly host: InboundHost) {}

  /** Starts the rabbitmq inbound endpoints wanted (not suspended) and stops the others. */
  syncInbounds(all: Iterable<InboundDef>): void {
    const wanted = new Map<string, InboundDef>();
    for (const ib of all) if (ib.protocol === 'rabbitmq' && !ib.suspended) wanted.set(ib.name, ib);
    for (const [name, running] of this.inbounds)
      if (wanted.get(name) !== running.def) {
        this.inbounds.delete(name);
        void running.stop();
      }
    for (const [name, def] of wanted) {
      if (this.inbounds.has(name)) continue;
      const ib = new RabbitMQInbound(def, this.host, this.connections);
      this.inbounds.set(name, ib);
      this.host.executor().log('INFO', 'RabbitMQListener', `inbound:${name}`, `RABBITMQ inbound endpoint ${name} initializing ...`);
      void ib.start();
    }
  }

  /** What the RabbitMQ inbound endpoints consume (for the runtime's list of what it serves). */
  urls(): string[] {
    return [...this.inbounds.values()].map((i) => `Inbound ${i.def.name}: consuming ${i.where()}`);
  }

  /** Makes the deployed RabbitMQ stores real (the others stay in memory). */
  attachStores(defs: MessageStoreDef[], stores: MessageStores): void {
    for (const d of defs)
      if (isRabbitMQStore(d.className))
        stores.attach(
          d.name,
          new RabbitMQStoreBackend(d, this.connections, (level, category, message) =>
            this.host.executor().log(level, category, `message-store:${d.name}`, message),
          ),
        );
  }

  /** Stops every consumer and closes the broker connections (the runtime may start again). */
  async close(): Promise<void> {
    const all = [...this.inbounds.values()];
    this.inbounds.clear();
    await Promise.all(all.map((i) => i.stop()));
    await this.connections.close();
  }
}
