/**
 * Logger levels as Micro Integrator's log4j2 configuration holds them: named loggers, each for a component (a Java
 * package or class name), plus `rootLogger`. A log line of the runtime belongs to the Java class MI logs it from
 * (the LogMediator's lines to org.apache.synapse.mediators.builtin.LogMediator); it is printed when its level is
 * enabled by the most specific logger whose component is that class or one of its packages, else by the root
 * logger. The management API (GET/PATCH /management/logging) reads and changes this table, so a change there
 * changes what the runtime prints at once.
 */

/** log4j2's levels, from the least to the most verbose. */
export const LOGGER_LEVELS = ['OFF', 'FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE', 'ALL'] as const;
export type LoggerLevel = (typeof LOGGER_LEVELS)[number];

export interface LoggerEntry {
  loggerName: string;
  componentName: string;
  level: LoggerLevel;
}

/** MI's wire logger (log4j2.properties: `synapse-transport-http-wire`, OFF until set to DEBUG). */
export const WIRE_LOGGER = 'synapse-transport-http-wire';
const WIRE_COMPONENT = 'org.apache.synapse.transport.http.wire';

/** The Java class MI logs from, for each category name the runtime uses in its log records. */
const CATEGORY_CLASS: Record<string, string> = {
  LogMediator: 'org.apache.synapse.mediators.builtin.LogMediator',
  ScriptMediator: 'org.apache.synapse.mediators.bsf.ScriptMediator',
  EnrichMediator: 'org.apache.synapse.mediators.elementary.EnrichMediator',
  ScatterGather: 'org.apache.synapse.mediators.v2.ScatterGather',
  Aggregate: 'org.apache.synapse.mediators.eip.aggregator.Aggregate',
  EndpointContext: 'org.apache.synapse.endpoints.EndpointContext',
  FailoverEndpoint: 'org.apache.synapse.endpoints.FailoverEndpoint',
  LoadbalanceEndpoint: 'org.apache.synapse.endpoints.LoadbalanceEndpoint',
  FaultHandler: 'org.apache.synapse.FaultHandler',
  TimeoutHandler: 'org.apache.synapse.core.axis2.TimeoutHandler',
  OutOnly: 'org.apache.synapse.core.axis2.Axis2Sender',
  Runtime: 'org.apache.synapse.core.axis2.SynapseMessageReceiver',
  Deployer: 'org.apache.synapse.deployers.AbstractSynapseArtifactDeployer',
  PassThroughHttpListener: 'org.apache.synapse.transport.passthru.PassThroughHttpListener',
  PassThroughListeningIOReactorManager:
    'org.apache.synapse.transport.passthru.core.PassThroughListeningIOReactorManager',
  InboundEndpoint: 'org.wso2.carbon.inbound.endpoint.protocol.http.InboundHttpListener',
  TaskScheduler: 'org.apache.synapse.startup.quartz.StartUpController',
  ScheduledMessageForwardingProcessor:
    'org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor',
  SamplingProcessor: 'org.apache.synapse.message.processor.impl.sampler.SamplingProcessor',
  wire: WIRE_COMPONENT,
};

/** The Java class of a runtime log category (an unknown category is taken as a class of org.apache.synapse). */
export function categoryClass(category: string): string {
  return CATEGORY_CLASS[category] ?? (category.includes('.') ? category : `org.apache.synapse.${category}`);
}

function rank(level: string): number {
  return LOGGER_LEVELS.indexOf(level as LoggerLevel);
}

/** MI's default loggers that concern what the runtime prints (conf/log4j2.properties of a fresh server). */
const DEFAULTS: [string, string, LoggerLevel][] = [
  ['rootLogger', '', 'INFO'],
  ['org-apache-synapse', 'org.apache.synapse', 'INFO'],
  ['org-apache-synapse-mediators', 'org.apache.synapse.mediators', 'INFO'],
  ['synapse-transport-http-access', 'org.apache.synapse.transport.http.access', 'INFO'],
  ['correlation', 'correlation', 'INFO'],
  [WIRE_LOGGER, WIRE_COMPONENT, 'OFF'],
];

/**
 * The logger table of one runtime. Until it is first configured (a level set through the management API or by
 * the embedder) it lets every record through, so an embedder that filters by its own threshold (the CLI's
 * --log-level) keeps doing so; from then on the table decides.
 */
export class LoggerLevels {
  private readonly byName = new Map<string, LoggerEntry>();
  /** Category -> the rank of the level that applies to it; cleared on every change. */
  private readonly cache = new Map<string, number>();
  private configured = false;

  constructor() {
    for (const [loggerName, componentName, level] of DEFAULTS)
      this.byName.set(loggerName, { loggerName, componentName, level });
  }

  /** Whether a record of this level and category is printed. */
  enabled(level: string, category: string): boolean {
    if (!this.configured) return true;
    let threshold = this.cache.get(category);
    if (threshold === undefined) {
      threshold = rank(this.levelFor(categoryClass(category)));
      this.cache.set(category, threshold);
    }
    const r = rank(level);
    return r > 0 && r <= threshold;
  }

  /** The level that applies to a Java class or package name: its most specific logger's, else the root's. */
  levelFor(className: string): LoggerLevel {
    let best: LoggerEntry | undefined;
    for (const l of this.byName.values()) {
      const c = l.componentName;
      if (!c || l.loggerName === 'rootLogger') continue;
      if (className !== c && !className.startsWith(`${c}.`)) continue;
      if (!best || c.length > best.componentName.length) best = l;
    }
    return (best ?? this.byName.get('rootLogger')!).level;
  }

  get(name: string): LoggerEntry | undefined {
    const l = this.byName.get(name);
    return l && { ...l };
  }

  list(): LoggerEntry[] {
    return [...this.byName.values()].map((l) => ({ ...l }));
  }

  static isLevel(level: string): level is LoggerLevel {
    return rank(level) >= 0;
  }

  /** Changes the level of a logger; false when no logger has that name. */
  setLevel(name: string, level: LoggerLevel): boolean {
    const l = this.byName.get(name);
    if (!l) return false;
    l.level = level;
    this.changed();
    return true;
  }

  /**
   * Every logger at one level (what `--log-level` asks for: print what is at or above it, from everywhere), except the
   * wire logger, which keeps its own level as in MI's configuration (wire logs are asked for by name).
   */
  setAll(level: LoggerLevel): void {
    for (const l of this.byName.values()) if (l.loggerName !== WIRE_LOGGER) l.level = level;
    this.changed();
  }

  /** Whether wire logs are on (the wire logger at DEBUG or more verbose). */
  wireEnabled(): boolean {
    return rank(this.byName.get(WIRE_LOGGER)?.level ?? 'OFF') >= rank('DEBUG');
  }

  /** Counts changes (an embedder that derives state from the table compares it). */
  version = 0;

  private changed(): void {
    this.cache.clear();
    this.configured = true;
    this.version++;
  }

  /** Adds (or replaces) a logger for a component (a Java class or package name). */
  add(name: string, componentName: string, level: LoggerLevel): void {
    this.byName.set(name, { loggerName: name, componentName, level });
    this.changed();
  }
}
