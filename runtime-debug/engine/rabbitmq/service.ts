/**
 * The runtime's RabbitMQ side: the inbound endpoints with protocol="rabbitmq" (started while the runtime serves,
 * stopped when undeployed or deactivated) and the RabbitMQ message stores (backends for MessageStores).
 */
import type { InboundDef, MessageStoreDef, ProxyDef } from '../model';
import type { MessageStores } from '../stores';
import { RabbitConnections } from './connections';
import { RabbitMQInbound, type InboundHost } from './inbound';
import { RabbitMQStoreBackend } from './store';
import { isRabbitMQStore } from './params';

export class RabbitMQService {
  private readonly connections = new RabbitConnections();
  private readonly inbounds = new Map<string, RabbitMQInbound>();
  /** The consumers of the proxy services that list the rabbitmq transport, by proxy name. */
  private readonly proxies = new Map<string, { proxy: ProxyDef; consumer: RabbitMQInbound }>();
  /** Proxies whose factory deployment.toml does not define, already logged (each sync would log them again). */
  private readonly unbuilt = new WeakSet<ProxyDef>();
  /** deployment.toml's [[transport.rabbitmq.listener]] connection factories (axis2.xml's rabbitmq transportReceiver). */
  private listenerFactories = new Map<string, Record<string, string>>();

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
      this.host
        .executor()
        .log(
          'INFO',
          'RabbitMQListener',
          `inbound:${name}`,
          `RABBITMQ inbound endpoint ${name} initializing ...`,
        );
      void ib.start();
    }
  }

  /** The connection factories of the rabbitmq transport receiver (deployment.toml, read once per project). */
  setListenerFactories(f: Map<string, Record<string, string>> | undefined): void {
    this.listenerFactories = f ?? new Map();
  }

  /**
   * Consumes for each active proxy service that lists the rabbitmq transport and names a connection factory
   * (RabbitMQEndpoint.loadConfiguration: none named, the service is not consumed for) and stops the others. The
   * factory's parameters come first, the proxy's on top; a factory deployment.toml does not define fails to start
   * (RabbitMQConnectionFactory.create: "Configuration parameters not found").
   */
  syncProxies(all: Iterable<ProxyDef>, inactive: (name: string) => boolean): void {
    const wanted = new Map<string, ProxyDef>();
    for (const p of all)
      if (p.transports.includes('rabbitmq') && !inactive(p.name) && p.params['rabbitmq.connection.factory'])
        wanted.set(p.name, p);
    for (const [name, running] of this.proxies)
      if (wanted.get(name) !== running.proxy) {
        this.proxies.delete(name);
        void running.consumer.stop();
      }
    for (const [name, p] of wanted) {
      if (this.proxies.has(name)) continue;
      const factory = p.params['rabbitmq.connection.factory'];
      const cf = this.listenerFactories.get(factory);
      if (!cf) {
        if (this.unbuilt.has(p)) continue;
        this.unbuilt.add(p);
        this.host
          .executor()
          .log(
            'ERROR',
            'RabbitMQListener',
            `proxy:${name}`,
            `Proxy service ${name} (${p.file}:${p.line}): Error occurred while starting the endpoint ${name}. Configuration parameters not found for the connection factory ${factory} (deployment.toml [[transport.rabbitmq.listener]])`,
          );
        continue;
      }
      const def: InboundDef = {
        name,
        file: p.file,
        line: p.line,
        column: p.column,
        protocol: 'rabbitmq',
        params: { ...cf, ...p.params },
        suspended: false,
      };
      const consumer = new RabbitMQInbound(def, this.host, this.connections, {
        name,
        factory,
        factoryParams: cf,
      });
      this.proxies.set(name, { proxy: p, consumer });
      void consumer.start();
    }
  }

  /** What the RabbitMQ inbound endpoints consume (for the runtime's list of what it serves). */
  urls(): string[] {
    return [
      ...[...this.inbounds.values()].map((i) => `Inbound ${i.def.name}: consuming ${i.where()}`),
      ...[...this.proxies.values()].map((p) => `Proxy ${p.proxy.name}: consuming ${p.consumer.where()}`),
    ];
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
    const all = [...this.inbounds.values(), ...[...this.proxies.values()].map((p) => p.consumer)];
    this.inbounds.clear();
    this.proxies.clear();
    await Promise.all(all.map((i) => i.stop()));
    await this.connections.close();
  }
}
