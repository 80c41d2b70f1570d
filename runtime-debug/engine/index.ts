/**
 * The embedded mediation runtime ("engine"): serves a project's APIs, proxy services and HTTP inbound endpoints over
 * real HTTP and executes mediation with Micro Integrator's semantics.
 *
 * PUBLIC API (for the CLI, the management API server and the debug adapter):
 *
 *   const rt = new Runtime({ host: '127.0.0.1', httpPort: 8290, maxBodyBytes, maxDepth, env, configs });
 *   rt.loadProject(dir)            -> { problems, warnings, artifacts }   MI layout, Integration Studio layout or a
 *                                  bare folder (discoverProject); registry keys gov:/conf: read the project's
 *                                  resources; `${configs.x}` from the environment, options.configs, or the project .env
 *   await rt.start()               -> { host, port }            binds 127.0.0.1 unless `host` says otherwise
 *   rt.urls()                      -> string[]                  "API HelloAPI: http://127.0.0.1:8290/hello", ...
 *   await rt.stop()                                             stops listening, lets in-flight messages finish
 *
 * Hot deployment (used by `synapse serve` / the management API, and by hot reload):
 *   rt.deploy([{ name: 'apis/HelloAPI.xml', text }])  -> { problems, warnings, artifacts }
 *        Compiles each text once; a file with the same name replaces the previous one. A broken file is reported
 *        (problems carry file, 1-based line/column and a code) and everything else still deploys. `warnings` list
 *        features the embedded runtime does not execute (editor-only mediators such as class/smooks/bean,
 *        connector operations, FreeMarker templates, wsdl/class endpoints; RT_EDITOR_ONLY, RT_CONNECTOR,
 *        RT_UNSUPPORTED, RT_UNSUPPORTED_ENDPOINT) or simulates (JMS/JDBC/RabbitMQ message stores kept in memory:
 *        RT_SIMULATED): they load, and fault with a clear message naming the mediator, file and line when used.
 *        In-flight messages finish with the configuration they started with.
 *   rt.undeploy(nameOrFile, kind?) -> boolean   by artifact name (any kind, or the given kind) or by file name
 *   rt.list()                      -> DeployedArtifact[] { kind, name, file, state: 'active'|'inactive'|'failed', error? }
 *   rt.setActive(kind, name, bool) -> boolean   kind: 'proxy' | 'endpoint' | 'inboundEndpoint' | 'messageProcessor'
 *   rt.reloadFile(path), rt.watchProject(dir)   hot reload of changed files
 *   await rt.inject({ sequence | proxy, body, contentType, headers?, properties? }) -> { ctx, response? }
 *        mediates a message without HTTP (for unit-test suites): the final context and the flow's own response
 *
 * What runs: APIs (context, url/context versioning, uri-template and url-mapping resources, 404/405/OPTIONS),
 * proxy services (/services/<name>, ?wsdl), HTTP inbound endpoints (own port, dispatch.filter.pattern), the main
 * sequence for unmatched requests, scheduled MessageInjector tasks, in-memory message stores with the forwarding
 * and sampling processors. Mediators: see implementedMediators(); endpoints: address, http, default, failover,
 * loadbalance, recipientlist (static and dynamic), template endpoints, named keys.
 *
 * Debugging:
 *   rt.setDebugHook(hook | undefined)   hook.beforeMediator(frame, ctx) / hook.afterMediator?(frame, ctx) are awaited
 *                                        around every mediator (a pause is an unresolved promise); without a hook the
 *                                        cost is one null check. `framesOf(ctx)` gives the message's frame stack
 *                                        (artifact kind/name, resource, sequence, mediator, file, line, column).
 *   inspect.ts: describeContext(ctx) (payload, headers, properties by scope, variables, template parameters, frames),
 *   evaluateExpression(text, ctx), setPayloadText(ctx, text, contentType); ctx.setProperty(name, value, scope),
 *   ctx.vars.set(name, value) change a paused message.
 * Events (EventEmitter on the runtime):
 *   'log'             LogRecord { time, level, category, artifact, message, line }   MI-like log lines
 *   'messageStarted'  { messageId, flow, method, url }      'messageFinished' { messageId, flow, error? }
 *   'endpointCall'    { messageId, endpoint, url, method }
 *   'deployed'        { artifacts, problems, warnings }     'cacheHit' { messageId, id }
 * Options: runTasks (default true) runs scheduled tasks while started; maxBodyBytes (default 10 MiB; 413 above);
 * maxDepth (default 1000; deeper XML/JSON payloads are refused).
 *
 * Deviations from Micro Integrator, on purpose: a request flow that ends without responding (drop, or no
 * respond/send) is answered 202 with no body instead of leaving the client waiting; an error that no fault sequence
 * answers gets 500 with a JSON body `{ error: { code, message } }` (400 for unparseable payloads, 413 for bodies over
 * the limit); log level="headers" prints the transport headers.
 */
export { Runtime, type RuntimeOptions, type DeployInput, type DeployResult } from './runtime';
export { type DebugHook, framesOf, Executor } from './executor';
export { MessageContext, Headers, type Frame } from './context';
export { type LogRecord, type LogLevel, formatLogLine } from './log';
export { type DeployedArtifact } from './model';
export { MediationError, LoadError, type LoadProblem, ErrorCodes } from './errors';
export { implementedMediators } from './compile';
export { jsonToXml, xmlToJson } from './jsonxml';
export { describeContext, evaluateExpression, setPayloadText, type ContextView } from './inspect';
export { WIRE_LOGGER } from './loggers';
export { wireLines } from './wire';
