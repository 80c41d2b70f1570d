/**
 * The `<parameter name>`s Micro Integrator reads for an artifact, by its kind and protocol or class: inbound endpoints
 * (HTTP/HTTPS, file), proxy services (the vfs and JMS transports, WSDL publishing) and message processors (forwarding,
 * sampling). The editor offers them where a parameter is named; unknown names stay allowed (MI passes over them).
 */
import { attrValue, type XmlElement } from '../xml';

export interface ParameterDoc {
  name: string;
  doc: string;
  /** The values MI takes, when they are a fixed few. */
  values?: string[];
}

const p = (name: string, doc: string, values?: string[]): ParameterDoc => ({
  name,
  doc,
  ...(values ? { values } : {}),
});

const VFS: ParameterDoc[] = [
  p(
    'transport.vfs.FileURI',
    'The folder (or file) polled: file:///path, or ftp://, sftp://, smb:// on Micro Integrator.',
  ),
  p(
    'transport.vfs.ContentType',
    'The content type the files are read as (application/xml, application/json, text/plain, ...).',
  ),
  p('transport.vfs.FileNamePattern', 'A regular expression the whole file name must match (e.g. .*\\.xml).'),
  p('transport.vfs.ActionAfterProcess', 'What happens to a file once processed (default DELETE).', [
    'DELETE',
    'MOVE',
    'NONE',
  ]),
  p('transport.vfs.MoveAfterProcess', 'Where a processed file is moved (with ActionAfterProcess MOVE).'),
  p(
    'transport.vfs.ActionAfterFailure',
    'What happens to a file that could not be processed (default DELETE).',
    ['DELETE', 'MOVE', 'NONE'],
  ),
  p('transport.vfs.MoveAfterFailure', 'Where a file that failed is moved (with ActionAfterFailure MOVE).'),
  p('transport.vfs.ReplyFileURI', 'Where an answer is written.'),
  p('transport.vfs.ReplyFileName', 'The file name of an answer (default response.xml).'),
  p('transport.vfs.FileSortAttribute', 'The order files are processed in.', ['name', 'size', 'lastmodified']),
  p('transport.vfs.FileSortAscending', 'Sort in ascending order (default true).', ['true', 'false']),
  p('transport.vfs.FileProcessCount', 'At most this many files per poll.'),
  p('transport.vfs.FileProcessInterval', 'Milliseconds to wait between two files.'),
  p('transport.vfs.Locking', 'Lock a file while it is processed (Micro Integrator).', ['enable', 'disable']),
  p(
    'transport.vfs.MoveTimestampFormat',
    'A date format prefixed to the name of a moved file (Micro Integrator).',
  ),
  p('transport.vfs.Streaming', 'Stream large files instead of reading them whole (Micro Integrator).', [
    'true',
    'false',
  ]),
  p('transport.vfs.CreateFolder', 'Create the folder of FileURI when it does not exist (Micro Integrator).', [
    'true',
    'false',
  ]),
];

const HTTP_INBOUND: ParameterDoc[] = [
  p('inbound.http.port', 'The port the inbound endpoint listens on.'),
  p(
    'dispatch.filter.pattern',
    'A regular expression for the request URLs the inbound sequence takes; others go to APIs and proxies.',
  ),
  p('inbound.worker.pool.size.core', 'Core size of the worker pool (Micro Integrator).'),
  p('inbound.worker.pool.size.max', 'Largest size of the worker pool (Micro Integrator).'),
  p('inbound.worker.thread.keep.alive.sec', 'Seconds an idle worker thread is kept (Micro Integrator).'),
  p('inbound.worker.pool.queue.length', 'Length of the worker queue (Micro Integrator).'),
  p('inbound.thread.id', 'Name of the worker threads (Micro Integrator).'),
];

const HTTPS_INBOUND: ParameterDoc[] = [
  ...HTTP_INBOUND,
  p('keystore', 'The key store (XML: <KeyStore><Location/><Type/><Password/><KeyPassword/></KeyStore>).'),
  p('truststore', 'The trust store (XML: <TrustStore><Location/><Type/><Password/></TrustStore>).'),
  p('SSLVerifyClient', 'Ask clients for a certificate.', ['require', 'optional', 'none']),
  p('SSLProtocol', 'The TLS protocol (TLS, TLSv1.2, ...).'),
  p('HttpsProtocols', 'The TLS versions accepted, comma-separated.'),
  p('PreferredCiphers', 'The cipher suites accepted, comma-separated.'),
];

const FILE_INBOUND: ParameterDoc[] = [
  p('interval', 'Milliseconds between two polls.'),
  p('sequential', 'Process the files one after another.', ['true', 'false']),
  p('coordination', 'In a cluster, poll from one node only (Micro Integrator).', ['true', 'false']),
  ...VFS,
];

const PROXY: ParameterDoc[] = [
  p(
    'transport.PollInterval',
    'How often the vfs transport polls: seconds, or milliseconds with ms (e.g. 500ms).',
  ),
  ...VFS,
  p(
    'transport.jms.ConnectionFactory',
    'The JMS connection factory the proxy listens with (Micro Integrator).',
  ),
  p('transport.jms.Destination', 'The JMS queue or topic the proxy listens on (Micro Integrator).'),
  p('transport.jms.DestinationType', 'Whether the destination is a queue or a topic (Micro Integrator).', [
    'queue',
    'topic',
  ]),
  p('transport.jms.ContentType', 'How JMS messages are read (Micro Integrator).'),
  p('useOriginalwsdl', 'Publish the WSDL as given, without rewriting its addresses.', ['true', 'false']),
  p('modifyUserWSDLPortAddress', 'Rewrite the port addresses of a published WSDL to the proxy.', [
    'true',
    'false',
  ]),
  p('showAbsoluteSchemaURL', 'Show absolute schema URLs in the published WSDL.', ['true', 'false']),
  p('enablePublishWSDLSafeMode', 'Deploy the proxy even when its WSDL cannot be loaded.', ['true', 'false']),
];

const FORWARDING: ParameterDoc[] = [
  p('interval', 'Milliseconds between two polls of the store (default 1000).'),
  p('client.retry.interval', 'Milliseconds between two delivery attempts of a message (default 1000).'),
  p(
    'max.delivery.attempts',
    'Delivery attempts before the processor gives up on a message (default 4; -1: forever).',
  ),
  p('max.delivery.drop', 'After the last attempt, drop the message and go on instead of deactivating.', [
    'Enabled',
    'Disabled',
  ]),
  p('message.processor.reply.sequence', 'The sequence the back end answer goes to.'),
  p('message.processor.fault.sequence', 'The sequence run when a delivery fails.'),
  p('message.processor.deactivate.sequence', 'The sequence run when the processor deactivates.'),
  p('message.processor.failMessagesStore', 'The store a message goes to after its last failed attempt.'),
  p('non.retry.status.codes', 'HTTP status codes that count as delivered (comma-separated, e.g. 400,500).'),
  p('is.active', 'Start the processor active.', ['true', 'false']),
  p('cronExpression', 'A Quartz cron expression to run the processor on instead of an interval.'),
  p('target.endpoint', 'The endpoint messages go to, when the processor names none.'),
  p('throttle', 'Forward at most one message per interval.', ['true', 'false']),
  p('member.count', 'In a cluster, the number of nodes the processor runs on (Micro Integrator).'),
];

const SAMPLING: ParameterDoc[] = [
  p('interval', 'Milliseconds between two polls of the store (default 1000).'),
  p('concurrency', 'Messages taken from the store per poll (default 1).'),
  p('sequence', 'The sequence each message is injected into.'),
  p('is.active', 'Start the processor active.', ['true', 'false']),
  p('cronExpression', 'A Quartz cron expression to run the processor on instead of an interval.'),
];

/** The parameters MI reads for the artifact that holds `<parameter>`s (an inbound endpoint, a proxy, a processor). */
export function knownParameters(owner: XmlElement): readonly ParameterDoc[] {
  switch (owner.local) {
    case 'inboundEndpoint': {
      const protocol = attrValue(owner, 'protocol');
      return protocol === 'file'
        ? FILE_INBOUND
        : protocol === 'https'
          ? HTTPS_INBOUND
          : protocol === 'http'
            ? HTTP_INBOUND
            : [];
    }
    case 'proxy':
      return PROXY;
    case 'messageProcessor': {
      const cls = attrValue(owner, 'class') ?? '';
      return /SamplingProcessor$/.test(cls) ? SAMPLING : /ForwardingProcessor$/.test(cls) ? FORWARDING : [];
    }
    default:
      return [];
  }
}

/** The element whose parameters a `<parameter>` is (an inbound endpoint's sit in `<parameters>`). */
export function parameterOwner(param: XmlElement): XmlElement | undefined {
  const p1 = param.parent;
  if (!p1) return undefined;
  return p1.local === 'parameters' ? p1.parent : p1;
}
