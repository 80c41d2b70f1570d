/**
 * Artifact kinds offered by "Synapse: New Artifact..." and their starting content. Pure module (no `vscode`), so the
 * skeletons can be checked by unit tests and by the validator.
 *
 * Every skeleton is a complete, valid artifact on its own: where a kind must reference another artifact (an inbound
 * endpoint's injection sequence, a processor's store and endpoint, a task's target sequence) the command asks for an
 * existing one or creates a companion artifact, so a new file never starts life with an unresolved reference.
 */
import { SYNAPSE_NS, escapeXmlAttr, escapeXmlText as escapeText } from './xmlText';

/** A reference the new artifact needs: which kind it points to and the placeholder it fills. */
export interface ArtifactDependency {
  /** Parameter name in {@link ArtifactKind.skeleton}'s `refs`. */
  param: string;
  /** The kind of the referenced artifact. */
  kind: ArtifactKindId;
  /** Prompt shown when asking the user to pick one. */
  prompt: string;
  /** Name proposed for a companion artifact created when none exists or the user asks for a new one. */
  companionName(name: string): string;
}

export type ArtifactKindId =
  | 'api'
  | 'proxy'
  | 'sequence'
  | 'http-endpoint'
  | 'address-endpoint'
  | 'local-entry'
  | 'sequence-template'
  | 'endpoint-template'
  | 'inbound-endpoint'
  | 'task'
  | 'message-store'
  | 'message-processor';

export interface ArtifactKind {
  id: ArtifactKindId;
  label: string;
  description: string;
  /** Folder under `src/main/wso2mi/artifacts/` (MI layout). */
  folder: string;
  /** Folder under `src/main/synapse-config/` (Integration Studio layout). */
  legacyFolder: string;
  extension: '.xml';
  dependencies: ArtifactDependency[];
  skeleton(name: string, refs: Record<string, string>): string;
}

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `/order-service` from `OrderService`, `/hello-world` from `HelloWorldAPI`. */
export function contextFor(name: string): string {
  const base = name.replace(/API$/i, '') || name;
  const kebab = base
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return '/' + (kebab || 'api');
}

const seqDep = (prompt: string): ArtifactDependency => ({
  param: 'sequence',
  kind: 'sequence',
  prompt,
  companionName: (n) => `${n}Sequence`,
});

export const ARTIFACT_KINDS: readonly ArtifactKind[] = [
  {
    id: 'api',
    label: 'REST API',
    description: 'An API with one GET resource that answers with JSON',
    folder: 'apis',
    legacyFolder: 'api',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<api xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" context="${contextFor(name)}">\n` +
      `    <resource methods="GET" uri-template="/">\n` +
      `        <inSequence>\n` +
      `            <log category="INFO">\n` +
      `                <message>${escapeText(name)} called</message>\n` +
      `            </log>\n` +
      `            <payloadFactory media-type="json" template-type="default">\n` +
      `                <format>{"api": "${escapeText(name)}", "status": "ok"}</format>\n` +
      `            </payloadFactory>\n` +
      `            <respond/>\n` +
      `        </inSequence>\n` +
      `    </resource>\n` +
      `</api>\n`,
  },
  {
    id: 'proxy',
    label: 'Proxy Service',
    description: 'A proxy service that logs the request and echoes it back',
    folder: 'proxy-services',
    legacyFolder: 'proxy-services',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<proxy xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" transports="http https" startOnLoad="true">\n` +
      `    <target>\n` +
      `        <inSequence>\n` +
      `            <log category="INFO">\n` +
      `                <message>${escapeText(name)} received a message</message>\n` +
      `            </log>\n` +
      `            <respond/>\n` +
      `        </inSequence>\n` +
      `    </target>\n` +
      `</proxy>\n`,
  },
  {
    id: 'sequence',
    label: 'Sequence',
    description: 'A named, reusable sequence of mediators',
    folder: 'sequences',
    legacyFolder: 'sequences',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<sequence xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}">\n` +
      `    <log category="INFO">\n` +
      `        <message>${escapeText(name)} started</message>\n` +
      `    </log>\n` +
      `</sequence>\n`,
  },
  {
    id: 'http-endpoint',
    label: 'HTTP Endpoint',
    description: 'A REST backend addressed by a URI template',
    folder: 'endpoints',
    legacyFolder: 'endpoints',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<endpoint xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}">\n` +
      `    <http method="get" uri-template="http://localhost:8080/"/>\n` +
      `</endpoint>\n`,
  },
  {
    id: 'address-endpoint',
    label: 'Address Endpoint',
    description: 'A backend at a fixed address',
    folder: 'endpoints',
    legacyFolder: 'endpoints',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<endpoint xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}">\n` +
      `    <address uri="http://localhost:8080/"/>\n` +
      `</endpoint>\n`,
  },
  {
    id: 'local-entry',
    label: 'Local Entry',
    description: 'A named value (text) other artifacts can read by key',
    folder: 'local-entries',
    legacyFolder: 'local-entries',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<localEntry xmlns="${SYNAPSE_NS}" key="${escapeXmlAttr(name)}">value of ${escapeText(name)}</localEntry>\n`,
  },
  {
    id: 'sequence-template',
    label: 'Sequence Template',
    description: 'A parameterised sequence invoked with call-template',
    folder: 'templates',
    legacyFolder: 'templates',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<template xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}">\n` +
      `    <parameter name="message" isMandatory="false" defaultValue="hello"/>\n` +
      `    <sequence>\n` +
      `        <log category="INFO">\n` +
      `            <message>\${params.functionParams.message}</message>\n` +
      `        </log>\n` +
      `    </sequence>\n` +
      `</template>\n`,
  },
  {
    id: 'endpoint-template',
    label: 'Endpoint Template',
    description: 'An endpoint whose URI and name are template parameters',
    folder: 'templates',
    legacyFolder: 'templates',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<template xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}">\n` +
      `    <parameter name="name"/>\n` +
      `    <parameter name="uri"/>\n` +
      `    <endpoint name="$name">\n` +
      `        <http method="get" uri-template="$uri"/>\n` +
      `    </endpoint>\n` +
      `</template>\n`,
  },
  {
    id: 'inbound-endpoint',
    label: 'Inbound Endpoint (HTTP)',
    description: 'An HTTP listener on its own port that injects messages into a sequence',
    folder: 'inbound-endpoints',
    legacyFolder: 'inbound-endpoints',
    extension: '.xml',
    dependencies: [seqDep('Sequence that receives the messages')],
    skeleton: (name, refs) =>
      `${HEAD}<inboundEndpoint xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" protocol="http" ` +
      `sequence="${escapeXmlAttr(refs.sequence ?? '')}" onError="fault" suspend="false">\n` +
      `    <parameters>\n` +
      `        <parameter name="inbound.http.port">8085</parameter>\n` +
      `    </parameters>\n` +
      `</inboundEndpoint>\n`,
  },
  {
    id: 'task',
    label: 'Scheduled Task',
    description: 'Injects a message into a sequence every minute',
    folder: 'tasks',
    legacyFolder: 'tasks',
    extension: '.xml',
    dependencies: [seqDep('Sequence the task injects its message into')],
    skeleton: (name, refs) =>
      `${HEAD}<task xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" ` +
      `class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">\n` +
      `    <trigger interval="60"/>\n` +
      `    <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/>\n` +
      `    <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" ` +
      `value="${escapeXmlAttr(refs.sequence ?? '')}"/>\n` +
      `    <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message">\n` +
      `        <tick xmlns="">${escapeText(name)}</tick>\n` +
      `    </property>\n` +
      `</task>\n`,
  },
  {
    id: 'message-store',
    label: 'Message Store (in memory)',
    description: 'Holds messages for a message processor',
    folder: 'message-stores',
    legacyFolder: 'message-stores',
    extension: '.xml',
    dependencies: [],
    skeleton: (name) =>
      `${HEAD}<messageStore xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" ` +
      `class="org.apache.synapse.message.store.impl.memory.InMemoryStore"/>\n`,
  },
  {
    id: 'message-processor',
    label: 'Message Processor (forwarding)',
    description: 'Forwards stored messages to an endpoint, retrying on failure',
    folder: 'message-processors',
    legacyFolder: 'message-processors',
    extension: '.xml',
    dependencies: [
      {
        param: 'store',
        kind: 'message-store',
        prompt: 'Message store to read from',
        companionName: (n) => `${n}Store`,
      },
      {
        param: 'endpoint',
        kind: 'http-endpoint',
        prompt: 'Endpoint to forward messages to',
        companionName: (n) => `${n}EP`,
      },
    ],
    skeleton: (name, refs) =>
      `${HEAD}<messageProcessor xmlns="${SYNAPSE_NS}" name="${escapeXmlAttr(name)}" ` +
      `class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" ` +
      `messageStore="${escapeXmlAttr(refs.store ?? '')}" targetEndpoint="${escapeXmlAttr(refs.endpoint ?? '')}">\n` +
      `    <parameter name="interval">1000</parameter>\n` +
      `    <parameter name="max.delivery.attempts">4</parameter>\n` +
      `    <parameter name="client.retry.interval">1000</parameter>\n` +
      `    <parameter name="is.active">true</parameter>\n` +
      `</messageProcessor>\n`,
  },
];

/** The kinds whose files live in a folder of that name (MI or Integration Studio layout), e.g. `endpoints`. */
export function kindsForFolder(folder: string): ArtifactKind[] {
  return ARTIFACT_KINDS.filter((k) => k.folder === folder || k.legacyFolder === folder);
}

export function artifactKind(id: string): ArtifactKind | undefined {
  return ARTIFACT_KINDS.find((k) => k.id === id);
}

/** Names are used as file names, artifact keys and (for APIs) URL segments: keep them to a safe alphabet. */
const NAME_RE = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
export const MAX_NAME_LENGTH = 100;

/**
 * Checks a proposed artifact name. Returns an error message for the input box, or undefined when the name is fine.
 * `existing` holds the names (file base names and declared names) already used in the target folder.
 */
export function validateArtifactName(name: string, existing: Iterable<string> = []): string | undefined {
  if (!name) return 'Enter a name.';
  if (name.length > MAX_NAME_LENGTH) return `A name has at most ${MAX_NAME_LENGTH} characters.`;
  if (!NAME_RE.test(name))
    return 'Use letters, digits, "_", "-" and "."; start with a letter or "_" (the name becomes a file name and a key).';
  if (name.endsWith('.') || name.endsWith('.xml'))
    return 'Leave out the extension: the file name is derived from the name.';
  const lower = name.toLowerCase();
  for (const e of existing) {
    if (e.toLowerCase() === lower) return `An artifact named "${e}" already exists here.`;
  }
  return undefined;
}
