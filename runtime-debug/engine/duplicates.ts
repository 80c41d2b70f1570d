/**
 * Artifacts that MI's deployers refuse because a name (or an API's context) is already taken, in the order MI deploys
 * a CApp's artifacts (SynapseAppDeployer.getOrderedArtifactsMap: local entries, endpoints, sequences, message stores,
 * templates, proxy services, tasks, message processors, APIs, inbound endpoints; within a kind, the files' order):
 * the first one deployed keeps the name and the later one fails with its deployer's lines.
 *
 * - a sequence whose name a sequence holds: SequenceDeployer "Sequence named : X already exists.";
 * - a proxy service: ProxyServiceDeployer "ProxyService named : X already exists" (a versioned deployment adds a hint);
 * - an API: SynapseConfiguration.addAPI "Duplicate resource definition by the name: X" (the name is API.getName(),
 *   name:vVERSION for a versioned API), or "URL context: /c is already registered with the API: Y" for another API
 *   with the same context and version (the hostname is not compared); API.init has logged "Initializing API: X";
 * - a task, message store, message processor, inbound endpoint: addStartup "Duplicate startup by the name : X",
 *   addMessageStore "Duplicate message store : X", addMessageProcessor "Duplicate Message Processor X",
 *   addInboundEndpoint "Duplicate inbound  endpoint definition by the name: X" (two spaces, as written);
 * - local entries, endpoints, sequences and templates share Synapse's local registry, where assertAlreadyExists
 *   refuses only a key held by a local entry (an Entry with a value): a second local entry "Duplicate entry
 *   definition for key : X", an endpoint, sequence or template named as a local entry "Duplicate endpoint|sequence|
 *   sequence-template|template definition for key : X". A second endpoint or template of one name replaces the first
 *   (localRegistry.put), as ours does: not refused.
 * Each refusal then has the deployer's "<Kind> Deployment from the file : F : Failed." (handleSynapseArtifactDeploymentError).
 * The refused artifact is taken out of its file and reported as a load problem (SYN201, SYN402 for a context, the codes
 * `synapse validate` gives the same clash), so that `synapse run`'s CApp is faulty as MI's is.
 */
import type { CompiledFile } from './compile';
import type { LoadProblem } from './errors';

export interface RefusalLine {
  rank: number;
  category: string;
  message: string;
  artifact?: string;
  level?: 'WARN' | 'ERROR';
}

interface Pos {
  line?: number;
  column?: number;
}

/**
 * Takes the artifacts of `batch` that MI would refuse out of their files (given the files already deployed, `held`,
 * none of them a file of the batch), adds a problem for each to its file, and returns each file's refusal lines.
 */
export function refuseDuplicates(
  held: Iterable<CompiledFile>,
  batch: { compiled: CompiledFile; versioned: boolean }[],
): Map<CompiledFile, RefusalLine[]> {
  const taken = new Map<string, string>();
  const contexts = new Map<string, string>();
  const hold = (c: CompiledFile) => {
    for (const e of c.localEntries) taken.set(`entry\u0000${e.key}`, e.key);
    for (const s of c.sequences) taken.set(`sequence\u0000${s.name}`, s.name);
    for (const p of c.proxies) taken.set(`proxy\u0000${p.name}`, p.name);
    for (const a of c.apis) {
      taken.set(`api\u0000${a.key}`, a.key);
      contexts.set(`${a.context}\u0000${a.version ?? ''}`, a.key);
    }
    for (const t of c.tasks) taken.set(`task\u0000${t.name}`, t.name);
    for (const m of c.messageStores) taken.set(`store\u0000${m.name}`, m.name);
    for (const m of c.messageProcessors) taken.set(`processor\u0000${m.name}`, m.name);
    for (const i of c.inbounds) taken.set(`inbound\u0000${i.name}`, i.name);
  };
  for (const c of held) if (!c.problems.length) hold(c);
  const out = new Map<CompiledFile, RefusalLine[]>();
  // every artifact of the batch in MI's deployment order (a stable sort keeps the files' order within a kind)
  type Step = { rank: number; run: () => void };
  const steps: Step[] = [];
  for (const { compiled: c, versioned } of batch) {
    if (c.problems.length) continue;
    const f = c.file;
    const refuse = (
      rank: number,
      kind: string,
      name: string,
      pos: Pos,
      code: string,
      problem: string,
      lines: RefusalLine[],
    ) => {
      const p: LoadProblem = {
        file: f,
        line: pos.line ?? 1,
        column: pos.column ?? 1,
        code,
        message: problem,
      };
      c.problems.push(p);
      const i = c.artifacts.findIndex((a) => a.kind === kind && a.name === name);
      if (i >= 0) c.artifacts.splice(i, 1);
      const list = out.get(c) ?? [];
      list.push(...lines.map((l) => ({ ...l, rank })));
      out.set(c, list);
    };
    const failed = (category: string, kind: string): RefusalLine => ({
      rank: 0,
      level: 'ERROR',
      category,
      message: `${kind} from the file : ${f} : Failed.`,
    });
    const config = (message: string): RefusalLine => ({
      rank: 0,
      level: 'ERROR',
      category: 'SynapseConfiguration',
      message,
    });
    const byEntry = (key: string) => taken.has(`entry\u0000${key}`);
    for (const e of [...c.localEntries])
      steps.push({
        rank: 0,
        run: () => {
          if (!byEntry(e.key)) return void taken.set(`entry\u0000${e.key}`, e.key);
          c.localEntries.splice(c.localEntries.indexOf(e), 1);
          refuse(
            0,
            'localEntry',
            e.key,
            e,
            'SYN201',
            `A local entry with the key '${e.key}' is already deployed: Micro Integrator refuses this one ("Duplicate entry definition for key : ${e.key}").`,
            [
              config(`Duplicate entry definition for key : ${e.key}`),
              failed('LocalEntryDeployer', 'LocalEntry Deployment'),
            ],
          );
        },
      });
    for (const e of [...c.endpoints])
      if (e.name) {
        const name = e.name;
        steps.push({
          rank: 1,
          run: () => {
            if (!byEntry(name)) return;
            c.endpoints.splice(c.endpoints.indexOf(e), 1);
            refuse(
              1,
              'endpoint',
              name,
              e as Pos,
              'SYN201',
              `A local entry has the key '${name}': Micro Integrator refuses this endpoint ("Duplicate endpoint definition for key : ${name}").`,
              [
                config(`Duplicate endpoint definition for key : ${name}`),
                failed('EndpointDeployer', 'Endpoint Deployment'),
              ],
            );
          },
        });
      }
    for (const s of [...c.sequences])
      steps.push({
        rank: 2,
        run: () => {
          if (taken.has(`sequence\u0000${s.name}`)) {
            c.sequences.splice(c.sequences.indexOf(s), 1);
            refuse(
              2,
              'sequence',
              s.name,
              s,
              'SYN201',
              `A sequence named '${s.name}' is already deployed: Micro Integrator refuses this one ("Sequence named : ${s.name} already exists.").`,
              [
                {
                  rank: 0,
                  level: 'ERROR',
                  category: 'SequenceDeployer',
                  message: `Sequence named : ${s.name} already exists.`,
                },
                failed('SequenceDeployer', 'Sequence Deployment'),
              ],
            );
          } else if (byEntry(s.name)) {
            c.sequences.splice(c.sequences.indexOf(s), 1);
            refuse(
              2,
              'sequence',
              s.name,
              s,
              'SYN201',
              `A local entry has the key '${s.name}': Micro Integrator refuses this sequence ("Duplicate sequence definition for key : ${s.name}").`,
              [
                config(`Duplicate sequence definition for key : ${s.name}`),
                failed('SequenceDeployer', 'Sequence Deployment'),
              ],
            );
          } else taken.set(`sequence\u0000${s.name}`, s.name);
        },
      });
    for (const m of [...c.messageStores])
      steps.push({
        rank: 3,
        run: () => {
          if (!taken.has(`store\u0000${m.name}`)) return void taken.set(`store\u0000${m.name}`, m.name);
          c.messageStores.splice(c.messageStores.indexOf(m), 1);
          refuse(
            3,
            'messageStore',
            m.name,
            m,
            'SYN201',
            `A message store named '${m.name}' is already deployed: Micro Integrator refuses this one ("Duplicate message store : ${m.name}").`,
            [
              config(`Duplicate message store : ${m.name}`),
              failed('MessageStoreDeployer', 'Message Store Deployment'),
            ],
          );
        },
      });
    for (const t of [...c.sequenceTemplates])
      steps.push({
        rank: 4,
        run: () => {
          if (!byEntry(t.name)) return;
          c.sequenceTemplates.splice(c.sequenceTemplates.indexOf(t), 1);
          refuse(
            4,
            'template',
            t.name,
            t,
            'SYN201',
            `A local entry has the key '${t.name}': Micro Integrator refuses this template ("Duplicate sequence-template definition for key : ${t.name}").`,
            [
              config(`Duplicate sequence-template definition for key : ${t.name}`),
              failed('TemplateDeployer', 'Template Deployment'),
            ],
          );
        },
      });
    for (const t of [...c.endpointTemplates])
      steps.push({
        rank: 4,
        run: () => {
          if (!byEntry(t.name)) return;
          c.endpointTemplates.splice(c.endpointTemplates.indexOf(t), 1);
          refuse(
            4,
            'template',
            t.name,
            {},
            'SYN201',
            `A local entry has the key '${t.name}': Micro Integrator refuses this template ("Duplicate template definition for key : ${t.name}").`,
            [
              config(`Duplicate template definition for key : ${t.name}`),
              failed('TemplateDeployer', 'Template Deployment'),
            ],
          );
        },
      });
    for (const p of [...c.proxies])
      steps.push({
        rank: 5,
        run: () => {
          if (!taken.has(`proxy\u0000${p.name}`)) return void taken.set(`proxy\u0000${p.name}`, p.name);
          c.proxies.splice(c.proxies.indexOf(p), 1);
          const said = `ProxyService named : ${p.name} already exists${versioned ? '. To deploy multiple versions of a ProxyService, please enable service versioning.' : ''}`;
          refuse(
            5,
            'proxy',
            p.name,
            p,
            'SYN201',
            `A proxy service named '${p.name}' is already deployed: Micro Integrator refuses this one ("${said}").`,
            [
              { rank: 0, level: 'ERROR', category: 'ProxyServiceDeployer', message: said },
              failed('ProxyServiceDeployer', 'ProxyService Deployment'),
            ],
          );
        },
      });
    for (const t of [...c.tasks])
      steps.push({
        rank: 6,
        run: () => {
          if (!taken.has(`task\u0000${t.name}`)) return void taken.set(`task\u0000${t.name}`, t.name);
          c.tasks.splice(c.tasks.indexOf(t), 1);
          refuse(
            6,
            'task',
            t.name,
            t,
            'SYN201',
            `A task named '${t.name}' is already deployed: Micro Integrator refuses this one ("Duplicate startup by the name : ${t.name}").`,
            [
              config(`Duplicate startup by the name : ${t.name}`),
              failed('TaskDeployer', 'StartupTask Deployment'),
            ],
          );
        },
      });
    for (const m of [...c.messageProcessors])
      steps.push({
        rank: 7,
        run: () => {
          if (!taken.has(`processor\u0000${m.name}`))
            return void taken.set(`processor\u0000${m.name}`, m.name);
          c.messageProcessors.splice(c.messageProcessors.indexOf(m), 1);
          refuse(
            7,
            'messageProcessor',
            m.name,
            m,
            'SYN201',
            `A message processor named '${m.name}' is already deployed: Micro Integrator refuses this one ("Duplicate Message Processor ${m.name}").`,
            [
              config(`Duplicate Message Processor ${m.name}`),
              failed('MessageProcessorDeployer', 'Message Processor Deployment'),
            ],
          );
        },
      });
    for (const a of [...c.apis])
      steps.push({
        rank: 8,
        run: () => {
          const ctxKey = `${a.context}\u0000${a.version ?? ''}`;
          const sameName = taken.has(`api\u0000${a.key}`);
          const other = contexts.get(ctxKey);
          if (!sameName && other === undefined) {
            taken.set(`api\u0000${a.key}`, a.key);
            contexts.set(ctxKey, a.key);
            return;
          }
          c.apis.splice(c.apis.indexOf(a), 1);
          // API.init logs before SynapseConfiguration.addAPI refuses it (the name is checked first)
          const said = sameName
            ? `Duplicate resource definition by the name: ${a.key}`
            : `URL context: ${a.context} is already registered with the API: ${other}`;
          refuse(
            8,
            'api',
            a.name,
            a,
            sameName ? 'SYN201' : 'SYN402',
            sameName
              ? `An API named '${a.key}' is already deployed: Micro Integrator refuses this one ("${said}").`
              : `The API '${other}' has the same context '${a.context}'${a.version ? ` and version '${a.version}'` : ''}: Micro Integrator refuses this one ("${said}").`,
            [
              { rank: 0, category: 'API', artifact: `api:${a.key}`, message: `Initializing API: ${a.key}` },
              config(said),
              failed('APIDeployer', 'API deployment'),
            ],
          );
        },
      });
    for (const i of [...c.inbounds])
      steps.push({
        rank: 9,
        run: () => {
          if (!taken.has(`inbound\u0000${i.name}`)) return void taken.set(`inbound\u0000${i.name}`, i.name);
          c.inbounds.splice(c.inbounds.indexOf(i), 1);
          refuse(
            9,
            'inboundEndpoint',
            i.name,
            i,
            'SYN201',
            `An inbound endpoint named '${i.name}' is already deployed: Micro Integrator refuses this one ("Duplicate inbound  endpoint definition by the name: ${i.name}").`,
            [
              { rank: 0, category: 'InboundEndpoint', message: `Initializing Inbound Endpoint: ${i.name}` },
              config(`Duplicate inbound  endpoint definition by the name: ${i.name}`),
              failed('InboundEndpointDeployer', 'Inbound Endpoint deployment'),
            ],
          );
        },
      });
  }
  steps.sort((a, b) => a.rank - b.rank);
  for (const s of steps) s.run();
  return out;
}

/** A kind of Synapse's local registry that another kind of one key can take the place of. */
export type RegistryKind = 'endpoint' | 'sequence' | 'sequenceTemplate' | 'endpointTemplate';

/**
 * The artifacts another kind of one key replaces in Synapse's local registry. Endpoints, sequences and templates are
 * put there by key without a check of what the key holds (SynapseConfiguration.addEndpoint/addSequence/
 * addSequenceTemplate/addEndpointTemplate: assertAlreadyExists refuses only a local entry's key), so the one deployed
 * later takes the key: in MI's CApp order endpoints, then sequences, then templates (within a kind the files' order);
 * a file deployed again comes after those already deployed (`held`, their own kinds ranked the same way). The one
 * replaced is still logged as deployed but is no longer found: `<endpoint key>` of a key a sequence holds fails with
 * "Cannot locate an either local or remote entry for key : X" (SynapseConfiguration.getEndpoint, assertEntryNull).
 * Not done: a sequence template over a sequence of its key (MI's getSequence then runs the TemplateMediator as the
 * sequence): the sequence is kept.
 */
export function shadowedByKey(
  held: Iterable<CompiledFile>,
  batch: CompiledFile[],
): { kind: RegistryKind; name: string }[] {
  const holder = new Map<string, RegistryKind>();
  const out: { kind: RegistryKind; name: string }[] = [];
  const put = (kind: RegistryKind, name: string, record: boolean) => {
    const prev = holder.get(name);
    if (prev && prev !== kind && !(prev === 'sequence' && kind === 'sequenceTemplate')) {
      if (record) out.push({ kind: prev, name });
    } else if (prev === 'sequence' && kind === 'sequenceTemplate') return;
    holder.set(name, kind);
  };
  const each = (files: Iterable<CompiledFile>, record: boolean) => {
    const list = [...files].filter((c) => !c.problems.length);
    for (const c of list) for (const e of c.endpoints) if (e.name) put('endpoint', e.name, record);
    for (const c of list) for (const s of c.sequences) put('sequence', s.name, record);
    for (const c of list) {
      for (const t of c.sequenceTemplates) put('sequenceTemplate', t.name, record);
      for (const t of c.endpointTemplates) put('endpointTemplate', t.name, record);
    }
  };
  each(held, false);
  each(batch, true);
  return out;
}
