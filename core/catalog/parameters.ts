/**
 * The `<parameter name>`s Micro Integrator reads for an artifact, by its kind and protocol or class: inbound endpoints
 * (HTTP/HTTPS, file, MQTT), proxy services (the vfs and JMS transports, WSDL publishing), message processors (forwarding,
 * failover forwarding, sampling) and message stores (JMS, JDBC, resequence, RabbitMQ), and the `<property name>`s of a
 * MessageInjector task. The editor offers them where a parameter is named; unknown names stay allowed (MI passes over
 * them).
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
    'The folder (or file) polled: file:///path, or ftp://, sftp://, smb:// on Micro Integrator. A file inbound endpoint reads the sub-folders too when it ends with /* (RELATIVE_PATH).',
  ),
  p(
    'transport.vfs.ContentType',
    'The content type the files are read as (application/xml, application/json, text/plain, ...).',
  ),
  p(
    'transport.vfs.FileNamePattern',
    'A regular expression the whole file name must match (e.g. .*\\.xml). A vfs proxy polling a folder takes no file without it.',
  ),
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
  p(
    'transport.vfs.FileSortAttribute',
    'The order files are processed in (as written; another value sorts nothing).',
    ['Name', 'Size', 'Lastmodifiedtimestamp', 'NONE'],
  ),
  p('transport.vfs.FileSortAscending', 'Sort in ascending order (default true).', ['true', 'false']),
  p(
    'transport.vfs.SubFolderTimestampFormat',
    "A Java date format whose text is appended to the move location (e.g. '/'yyyy-MM-dd for a folder per day).",
  ),
  p(
    'transport.vfs.FileSizeLimit',
    'Files larger than this many bytes are left where they are (default -1: no limit).',
  ),
  p(
    'transport.vfs.MinimumAge',
    'A vfs proxy takes only files last modified more than this many seconds ago.',
  ),
  p(
    'transport.vfs.MaximumAge',
    'A vfs proxy takes only files last modified less than this many seconds ago.',
  ),
  p(
    'transport.vfs.FileProcessCount',
    'At most this many files per poll (read only without FileProcessInterval).',
  ),
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

/** MI's MQTT inbound endpoint (MqttConstants; MqttConnectionFactory's checks and defaults). */
const MQTT_INBOUND: ParameterDoc[] = [
  p('mqtt.connection.factory', "A name for the connection factory (written in MI's log lines)."),
  p(
    'mqtt.server.host.name',
    'The broker host (required: MI does not deploy the inbound endpoint without it).',
  ),
  p('mqtt.server.port', 'The broker port, 1 to 65534 (required).'),
  p('mqtt.topic.name', 'The topic subscribed to; MQTT wildcards + and # are allowed (required).'),
  p(
    'mqtt.subscription.qos',
    'The QoS of the subscription (0, 1 or 2). Without it MI connects but never subscribes (the consumer parses the parameter itself).',
    ['0', '1', '2'],
  ),
  p(
    'content.type',
    'The builder for each payload (application/xml, application/json, text/plain, ...); without it, or for a type no builder takes, the SOAP builder.',
  ),
  p('mqtt.client.id', 'The client id (default: a generated paho<nanos> id).'),
  p('mqtt.session.clean', 'Start a clean session (default false).', ['true', 'false']),
  p('mqtt.subscription.username', 'The user name (used only with a password).'),
  p('mqtt.subscription.password', 'The password (used only with a user name).'),
  p(
    'mqtt.reconnection.interval',
    'Milliseconds between two connection attempts after a failure (default 10000).',
  ),
  p('mqtt.temporary.store.directory', 'The folder of the QoS 1 and 2 in-flight store (Micro Integrator).'),
  p('mqtt.ssl.enable', 'Connect over SSL (default false).', ['true', 'false']),
  p('mqtt.ssl.keystore.location', 'The key store of an SSL connection.'),
  p('mqtt.ssl.keystore.type', 'The type of that key store.'),
  p('mqtt.ssl.keystore.password', 'The password of that key store.'),
  p('mqtt.ssl.truststore.location', 'The trust store of an SSL connection.'),
  p('mqtt.ssl.truststore.type', 'The type of that trust store.'),
  p('mqtt.ssl.truststore.password', 'The password of that trust store.'),
  p('mqtt.ssl.version', 'The SSL protocol version (e.g. TLSv1.2).'),
  p('sequential', 'Mediate one message at a time (default true).', ['true', 'false']),
  p('coordination', 'Run on one node of a cluster (default true; Micro Integrator).', ['true', 'false']),
];

const HTTP_INBOUND: ParameterDoc[] = [
  p('inbound.http.port', 'The port the inbound endpoint listens on.'),
  p(
    'dispatch.filter.pattern',
    'A regular expression for the request URLs the inbound sequence takes; others go to APIs and proxies.',
  ),
  p(
    'sequential',
    'Mediate on the listener thread (default true); false hands messages to the inbound worker pool (Micro Integrator).',
    ['true', 'false'],
  ),
  p('inbound.worker.pool.size.core', 'Core size of the worker pool (default 400; Micro Integrator).'),
  p('inbound.worker.pool.size.max', 'Largest size of the worker pool (default 500; Micro Integrator).'),
  p(
    'inbound.worker.thread.keep.alive.sec',
    'Seconds an idle worker thread is kept (default 60; Micro Integrator).',
  ),
  p(
    'inbound.worker.pool.queue.length',
    'Length of the worker queue (default -1: unbounded; Micro Integrator).',
  ),
  p('inbound.thread.group.id', 'Id of the worker thread group (Micro Integrator).'),
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
  p(
    'CertificateRevocationVerifier',
    'Check client certificates by OCSP/CRL (XML: <CertificateRevocationVerifier enable="true"><CacheSize/><CacheDelay/></CertificateRevocationVerifier>; Micro Integrator).',
  ),
];

/**
 * An HL7 (MLLP) inbound endpoint (docs-mi hl7-inbound-endpoint-properties). Defaults as MI's HL7EndpointManager
 * sets them where the page differs: CharSet UTF-8 (not US-ASCII), and PassThroughInvalidMessages spelt as MLLPConstants
 * has it; AutoAck has no default there (validateParameters reads it without a null check).
 */
const HL7_INBOUND: ParameterDoc[] = [
  p('inbound.hl7.Port', 'The port the MLLP listener listens on.'),
  p(
    'inbound.hl7.AutoAck',
    'Send an acknowledgement as soon as a message is received (give it: MI reads it without a default; another value than true/false is warned of and taken as true).',
    ['true', 'false'],
  ),
  p('inbound.hl7.ValidateMessage', 'Validate HL7 messages (default true).', ['true', 'false']),
  p(
    'inbound.hl7.TimeOut',
    'Milliseconds before a NACK is sent for a message not answered (default 10000; a value that is not a number is warned of).',
  ),
  p('inbound.hl7.CharSet', 'The character set messages are read and written in (default UTF-8).'),
  p(
    'inbound.hl7.BuildInvalidMessages',
    'Pass a message that is not valid HL7 to the mediation raw, with ValidateMessage false (default false).',
    ['true', 'false'],
  ),
  p(
    'inbound.hl7.PassThroughInvalidMessages',
    'Let the HL7 sender use the raw message of such an invalid message (default false).',
    ['true', 'false'],
  ),
  p(
    'inbound.hl7.MessagePreProcessor',
    'A class implementing HL7MessagePreprocessor that sees each message before it is parsed.',
  ),
  p('sequential', 'Mediate on the listener thread (default true).', ['true', 'false']),
];

/** A RabbitMQ inbound endpoint (docs-mi rabbitmq-inbound-endpoint-properties; MI RabbitMQConstants). */
const RABBITMQ_INBOUND: ParameterDoc[] = [
  p('sequential', 'Mediate one message at a time (default true).', ['true', 'false']),
  p('coordination', 'Run on one node of a cluster (default true; Micro Integrator).', ['true', 'false']),
  p('rabbitmq.connection.factory', 'The name of the connection factory.'),
  p('rabbitmq.server.host.name', 'The broker host.'),
  p('rabbitmq.server.port', 'The broker port.'),
  p('rabbitmq.server.user.name', 'The broker user.'),
  p('rabbitmq.server.password', 'The broker password.'),
  p('rabbitmq.server.virtual.host', 'The virtual host.'),
  p('rabbitmq.queue.name', 'The queue consumed.'),
  p('rabbitmq.exchange.name', 'The exchange the queue is bound to (needed to bind a new queue).'),
  p('rabbitmq.queue.routing.key', 'The routing key the queue is bound with.'),
  p('rabbitmq.queue.durable', 'Declare the queue durable.', ['true', 'false']),
  p('rabbitmq.queue.exclusive', 'Declare the queue exclusive.', ['true', 'false']),
  p('rabbitmq.queue.auto.delete', 'Declare the queue auto-delete.', ['true', 'false']),
  p('rabbitmq.queue.autodeclare', 'Declare the queue when missing (default true).', ['true', 'false']),
  p('rabbitmq.queue.auto.ack', 'Acknowledge messages on delivery (default true).', ['true', 'false']),
  p('rabbitmq.exchange.type', 'The type of the exchange (direct, fanout, topic, headers).'),
  p('rabbitmq.exchange.durable', 'Declare the exchange durable.', ['true', 'false']),
  p('rabbitmq.exchange.auto.delete', 'Declare the exchange auto-delete.', ['true', 'false']),
  p('rabbitmq.exchange.autodeclare', 'Declare the exchange when missing (default true).', ['true', 'false']),
  p('rabbitmq.channel.consumer.qos', 'Messages prefetched per consumer (default 0: no limit).'),
  p('rabbitmq.consumer.tag', 'The consumer tag.'),
  p('rabbitmq.connection.ssl.enabled', 'Connect over TLS (default false).', ['true', 'false']),
  p('rabbitmq.connection.ssl.keystore.location', 'The key store of a TLS connection.'),
  p('rabbitmq.connection.ssl.keystore.type', 'The type of that key store.'),
  p('rabbitmq.connection.ssl.keystore.password', 'The password of that key store.'),
  p('rabbitmq.connection.ssl.truststore.location', 'The trust store of a TLS connection.'),
  p('rabbitmq.connection.ssl.truststore.type', 'The type of that trust store.'),
  p('rabbitmq.connection.ssl.truststore.password', 'The password of that trust store.'),
  p('rabbitmq.connection.ssl.version', 'The TLS version.'),
  p(
    'rabbitmq.connection.factory.network.recovery.interval',
    'Milliseconds between two attempts of the client to recover a lost connection.',
  ),
  p('rabbitmq.factory.connection.timeout', 'Milliseconds to wait for a connection to open.'),
  p('rabbitmq.factory.heartbeat', 'Seconds of silence after which the connection is taken as dead.'),
  p('rabbitmq.connection.retry.interval', 'Milliseconds between two attempts to reconnect (default 30000).'),
  p('rabbitmq.connection.retry.count', 'Attempts to reconnect (default 3).'),
  p(
    'rabbitmq.message.max.dead.lettered.count',
    'Times a message may be dead-lettered before it is discarded or sent to the error queue.',
  ),
  p('rabbitmq.message.requeue.delay', 'Milliseconds to wait before a message is requeued.'),
  p(
    'rabbitmq.message.error.queue.routing.key',
    'The routing key a message goes with once its dead-letter count is reached.',
  ),
  p(
    'rabbitmq.message.error.exchange.name',
    'The exchange a message goes to once its dead-letter count is reached.',
  ),
];

/**
 * A JMS inbound endpoint (docs-mi jms-inbound-endpoint-properties; MI's inbound JMSConstants, PollingConstants). The
 * page's `transport.jms.ConcurrentConsumers` is read by no inbound code: JMSProcessor reads `concurrent.consumers`.
 */
const JMS_INBOUND: ParameterDoc[] = [
  p('java.naming.factory.initial', 'The JNDI initial context factory class (required).'),
  p('java.naming.provider.url', 'The JNDI provider URL (required).'),
  p('transport.jms.ConnectionFactoryJNDIName', 'The JNDI name of the connection factory (required).'),
  p('interval', 'Milliseconds between two polls.'),
  p('sequential', 'Poll and inject the messages one after another.', ['true', 'false']),
  p('coordination', 'In a cluster, poll from one node only (default true).', ['true', 'false']),
  p('transport.jms.ConnectionFactoryType', 'The type of the connection factory (default queue).', [
    'queue',
    'topic',
  ]),
  p('transport.jms.Destination', 'The JNDI name of the destination.'),
  p('transport.jms.DestinationType', 'Whether the destination is a queue or a topic.', ['queue', 'topic']),
  p('transport.jms.SessionTransacted', 'Use a transacted session.', ['true', 'false']),
  p('transport.jms.SessionAcknowledgement', 'The session acknowledgement mode.', [
    'AUTO_ACKNOWLEDGE',
    'CLIENT_ACKNOWLEDGE',
    'DUPS_OK_ACKNOWLEDGE',
    'SESSION_TRANSACTED',
  ]),
  p(
    'transport.jms.CacheLevel',
    'The JMS resource cache level: 0 none (default), 1 connection, 2 session, 3 consumer.',
    ['0', '1', '2', '3'],
  ),
  p('transport.jms.UserName', 'The JMS connection user.'),
  p('transport.jms.Password', 'The JMS connection password.'),
  p('transport.jms.JMSSpecVersion', 'The JMS API version (default 1.1).', ['1.0.2b', '1.1', '2.0']),
  p('transport.jms.SubscriptionDurable', 'Subscribe durably (topics).', ['true', 'false']),
  p('transport.jms.DurableSubscriberClientID', 'The client id of a durable subscription.'),
  p('transport.jms.DurableSubscriberName', 'The name of a durable subscription.'),
  p('transport.jms.SharedSubscription', 'Share a topic subscription between consumers (JMS 2.0).', [
    'true',
    'false',
  ]),
  p('transport.jms.MessageSelector', 'A JMS message selector.'),
  p(
    'transport.jms.ReceiveTimeout',
    'Milliseconds a poll waits for a message (negative: no limit, 0: no wait).',
  ),
  p('transport.jms.ContentType', 'The content type messages are read as (or a set of rules).'),
  p('transport.jms.ContentTypeProperty', 'The message property that holds the content type.'),
  p('transport.jms.ReplyDestination', 'Where an answer is sent.'),
  p('transport.jms.PubSubNoLocal', 'Do not receive the messages this connection published.', [
    'true',
    'false',
  ]),
  p('transport.jms.MessagePropertyHyphens', 'How hyphens in JMS property names are handled.'),
  p('transport.jms.retry.duration', 'Milliseconds between two attempts to reconnect to the broker.'),
  p('transport.jms.RetriesBeforeSuspension', 'Mediation failures in a row after which polling is suspended.'),
  p('transport.jms.PollingSuspensionPeriod', 'Milliseconds polling stays suspended (default 60000).'),
  p('transport.jms.ResetConnectionOnPollingSuspension', 'Open a new connection once a suspension is over.', [
    'true',
    'false',
  ]),
  p(
    'concurrent.consumers',
    'Consumers polling at once (default 1; 1 for a topic). The docs page writes transport.jms.ConcurrentConsumers, which MI does not read.',
  ),
];

/** A WebSocket inbound endpoint, ws (docs-mi websocket-inbound-endpoint-properties; MI InboundWebsocketConstants). */
const WS_INBOUND: ParameterDoc[] = [
  p('inbound.ws.port', 'The port the WebSocket listener listens on (required).'),
  p(
    'ws.client.side.broadcast.level',
    'Which clients get a frame: 0 the one client, 1 every client of the subscriber path, 2 all of them but the sender.',
    ['0', '1', '2'],
  ),
  p('ws.outflow.dispatch.sequence', 'The sequence of the back end to client path.'),
  p('ws.outflow.dispatch.fault.sequence', 'The fault sequence of the back end to client path.'),
  p('sequential', 'Mediate on the listener thread (default true).', ['true', 'false']),
  p('ws.boss.thread.pool.size', 'Size of the netty boss pool.'),
  p('ws.worker.thread.pool.size', 'Size of the netty worker pool.'),
  p('ws.subprotocol.handler.class', 'Custom subprotocol handler classes, separated by semicolons.'),
  p('ws.default.content.type', 'The content type of the frames received.'),
  p('ws.shutdown.status.code', 'The status code of the close frame sent when the endpoint closes.'),
  p('ws.shutdown.status.message', 'The status message of the close frame sent when the endpoint closes.'),
  p('ws.pipeline.handler.class', 'A netty pipeline handler class of your own.'),
  p('ws.use.port.offset', 'Add the server port offset to inbound.ws.port.', ['true', 'false']),
];

/** A secured WebSocket inbound endpoint, wss (the same page). */
const WSS_INBOUND: ParameterDoc[] = [
  ...WS_INBOUND,
  p('wss.ssl.key.store.file', 'The key store (required).'),
  p('wss.ssl.key.store.pass', 'The key store password (required).'),
  p('wss.ssl.trust.store.file', 'The trust store (required).'),
  p('wss.ssl.trust.store.pass', 'The trust store password (required).'),
  p('wss.ssl.cert.pass', 'The certificate password (required).'),
  p('wss.ssl.protocols', 'The TLS versions enabled, comma-separated (default TLS).'),
  p('wss.ssl.cipher.suites', 'The cipher suites enabled, comma-separated.'),
];

const FILE_INBOUND: ParameterDoc[] = [
  p('interval', 'Milliseconds between two polls.'),
  p('sequential', 'Process the files one after another.', ['true', 'false']),
  p('coordination', 'In a cluster, poll from one node only (Micro Integrator).', ['true', 'false']),
  ...VFS,
];

/** A proxy on the mailto transport (axis2 MailTransportListener / PollTableEntry). */
const MAIL: ParameterDoc[] = [
  p('transport.mail.Address', 'The e-mail address whose mailbox the mailto transport polls (required).'),
  p('transport.mail.Protocol', 'How the mailbox is read (default pop3).', ['imap', 'pop3', 'imaps', 'pop3s']),
  p('transport.mail.Folder', 'The mailbox folder polled (default INBOX).'),
  p(
    'transport.mail.ContentType',
    "The content type mails are read as; without it, the mail's own (in multipart/mixed, the first part with a builder).",
  ),
  p('transport.mail.PreserveHeaders', 'Only these mail headers become transport headers (comma-separated).'),
  p('transport.mail.RemoveHeaders', 'These mail headers do not become transport headers (comma-separated).'),
  p('transport.mail.ActionAfterProcess', 'What happens to a processed mail (default DELETE).', [
    'DELETE',
    'MOVE',
  ]),
  p(
    'transport.mail.MoveAfterProcess',
    'The folder a processed mail is moved to (with ActionAfterProcess MOVE).',
  ),
  p('transport.mail.ActionAfterFailure', 'What happens to a mail that failed (default DELETE).', [
    'DELETE',
    'MOVE',
  ]),
  p(
    'transport.mail.MoveAfterFailure',
    'The folder a failed mail is moved to (with ActionAfterFailure MOVE).',
  ),
  p('transport.mail.ReplyAddress', 'Where an answer goes when the mail has no Reply-To or From.'),
  p('mail.imap.host', 'The IMAP server (with transport.mail.Protocol imap).'),
  p('mail.imap.port', 'The IMAP port (default 143).'),
  p('mail.imap.user', 'The IMAP user.'),
  p('mail.imap.password', 'The IMAP password.'),
  p('mail.pop3.host', 'The POP3 server (with transport.mail.Protocol pop3).'),
  p('mail.pop3.port', 'The POP3 port (default 110).'),
  p('mail.pop3.user', 'The POP3 user.'),
  p('mail.pop3.password', 'The POP3 password.'),
];

const PROXY: ParameterDoc[] = [
  p(
    'transport.PollInterval',
    'How often the vfs and mailto transports poll: seconds, or milliseconds with ms (e.g. 500ms).',
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
  ...MAIL,
  p(
    'useOriginalwsdl',
    "Publish the WSDL document as given (its port addresses still become the proxy's unless modifyUserWSDLPortAddress is false); otherwise ?wsdl is generated from it.",
    ['true', 'false'],
  ),
  p('modifyUserWSDLPortAddress', 'Rewrite the port addresses of a published WSDL to the proxy.', [
    'true',
    'false',
  ]),
  p('showAbsoluteSchemaURL', 'Show absolute schema URLs in the published WSDL.', ['true', 'false']),
  p('enablePublishWSDLSafeMode', 'Deploy the proxy even when its WSDL cannot be loaded.', ['true', 'false']),
  p('showProxySchemaURL', 'Prefix the schema locations of the published WSDL with the proxy URL.', [
    'true',
    'false',
  ]),
  p(
    'inbound.only',
    'Take messages from inbound endpoints only (default false): with true, a message that reaches the proxy over its own transports is dropped (HTTP answers 202).',
    ['true', 'false'],
  ),
  p('ApplicationXMLBuilder.allowDTD', 'Allow a DTD in the XML messages of this proxy (default false).', [
    'true',
    'false',
  ]),
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
  p('member.count', 'In a cluster, the number of nodes the processor runs on (default 1; Micro Integrator).'),
  p(
    'max.store.connection.attempts',
    'Attempts to reconnect to the store before the processor deactivates (default -1: forever).',
  ),
  p(
    'store.connection.retry.interval',
    'Milliseconds between two attempts to reconnect to the store (default 1000).',
  ),
  p('axis2.repo', 'The Axis2 client repository of the sender (Micro Integrator).'),
  p('axis2.config', 'The Axis2 configuration file of the sender (Micro Integrator).'),
  p('quartz.conf', 'A Quartz properties file for the scheduler (Micro Integrator).'),
];

/** The failover forwarding processor: the same, to a store instead of an endpoint. */
const FAILOVER_FORWARDING: ParameterDoc[] = [
  p('message.target.store.name', 'The store each message is moved to (required).'),
  ...FORWARDING.filter(
    (f) =>
      ![
        'target.endpoint',
        'message.processor.reply.sequence',
        'non.retry.status.codes',
        'message.processor.failMessagesStore',
        'axis2.repo',
        'axis2.config',
      ].includes(f.name),
  ).map((f) =>
    f.name === 'max.delivery.attempts'
      ? p(f.name, 'Delivery attempts before the processor gives up on a message (default -1: forever).')
      : f,
  ),
];

const SAMPLING: ParameterDoc[] = [
  p('interval', 'Milliseconds between two polls of the store (default 1000).'),
  p('concurrency', 'Messages taken from the store per poll (default 1).'),
  p('sequence', 'The sequence each message is injected into.'),
  p('is.active', 'Start the processor active.', ['true', 'false']),
  p('cronExpression', 'A Quartz cron expression to run the processor on instead of an interval.'),
  p(
    'member.count',
    'In a cluster, the number of nodes the processor runs on (default 1; ScheduledMessageProcessor reads it for every scheduled processor).',
  ),
  p('quartz.conf', 'A Quartz properties file for the scheduler (Micro Integrator).'),
];

const GUARANTEED: ParameterDoc[] = [
  p(
    'store.producer.guaranteed.delivery.enable',
    'On a failure to store, put the message in the failover store (default false).',
    ['true', 'false'],
  ),
  p('store.failover.message.store.name', 'The store used when this one cannot take a message.'),
];

const JMS_STORE: ParameterDoc[] = [
  p('java.naming.factory.initial', 'The JNDI initial context factory of the broker.'),
  p('java.naming.provider.url', 'The JNDI provider URL of the broker (e.g. tcp://localhost:61616).'),
  p('store.jms.destination', 'The queue messages are kept in (default: <store name>_Queue).'),
  p(
    'store.jms.connection.factory',
    'The JNDI name of the connection factory (default QueueConnectionFactory).',
  ),
  p('store.jms.username', 'The broker user.'),
  p('store.jms.password', 'The broker password.'),
  p('store.jms.JMSSpecVersion', 'The JMS API version (default 1.1; any other value uses the 1.0 API).'),
  p(
    'store.jms.cache.connection',
    'Share one connection for the store (only `true` as written; default false).',
    ['true', 'false'],
  ),
  p('store.jms.ConsumerReceiveTimeOut', 'Milliseconds a consumer waits for a message (default 6000).'),
  p(
    'connectionfactory.QueueConnectionFactory',
    'The connection URL of a WSO2 MB (andes) broker, handed to its JNDI context (docs-mi wso2mb-msg-store-properties).',
  ),
  p(
    'vender.class.loader.enabled',
    "Handed with the other parameters to the broker's JNDI context (JmsStore); docs-mi: false for IBM MQ.",
    ['true', 'false'],
  ),
  ...GUARANTEED,
];

const JDBC_STORE: ParameterDoc[] = [
  p('store.jdbc.driver', 'The JDBC driver class.'),
  p('store.jdbc.connection.url', 'The JDBC URL of the database.'),
  p('store.jdbc.username', 'The database user.'),
  p('store.jdbc.password', 'The database password.'),
  p('store.jdbc.table', 'The table messages are kept in.'),
  p('store.jdbc.dsName', 'A data source (JNDI name) instead of a URL, driver and user.'),
  p('store.jdbc.icClass', 'The JNDI initial context class of that data source.'),
  ...GUARANTEED,
];

const RESEQUENCE_STORE: ParameterDoc[] = [
  ...JDBC_STORE,
  p(
    'store.resequence.timeout',
    'Seconds to wait for a missing sequence number before moving on to the next one (-1: wait for it).',
  ),
  p(
    'store.resequence.id.path',
    'An expression (XPath or JSONPath, in `expression`) giving the sequence number (from 1).',
  ),
];

const RABBITMQ_STORE: ParameterDoc[] = [
  p('store.rabbitmq.host.name', 'The broker host (default localhost).'),
  p('store.rabbitmq.host.port', 'The broker port (default 5672).'),
  p('store.rabbitmq.virtual.host', 'The virtual host.'),
  p('store.rabbitmq.username', 'The broker user.'),
  p('store.rabbitmq.password', 'The broker password.'),
  p('store.rabbitmq.queue.name', 'The queue messages are kept in (default: the store name).'),
  p('store.rabbitmq.exchange.name', 'The exchange messages are published to.'),
  p('store.rabbitmq.route.key', 'The routing key (default: the queue name).'),
  p('rabbitmq.connection.retry.interval', 'Milliseconds between two attempts to reconnect.'),
  p('rabbitmq.connection.retry.count', 'Attempts to reconnect.'),
  p('rabbitmq.connection.ssl.enabled', 'Connect over TLS.', ['true', 'false']),
  p('rabbitmq.connection.ssl.keystore.location', 'The key store of a TLS connection.'),
  p('rabbitmq.connection.ssl.keystore.type', 'The type of that key store.'),
  p('rabbitmq.connection.ssl.keystore.password', 'The password of that key store.'),
  p('rabbitmq.connection.ssl.truststore.location', 'The trust store of a TLS connection.'),
  p('rabbitmq.connection.ssl.truststore.type', 'The type of that trust store.'),
  p('rabbitmq.connection.ssl.truststore.password', 'The password of that trust store.'),
  p('rabbitmq.connection.ssl.version', 'The TLS version.'),
  ...GUARANTEED,
];

/**
 * The properties org.apache.synapse.startup.tasks.MessageInjector reads (its setters), for the `<property>`s of a
 * task of that class.
 */
const MESSAGE_INJECTOR: ParameterDoc[] = [
  p('message', 'The message injected (XML inside the property, or text in `value`).'),
  p('registryKey', 'Take the message from this registry or local entry key instead.'),
  p('to', 'The address the message is sent to through the main sequence.'),
  p('soapAction', 'The SOAP action of the message.'),
  p('format', 'The envelope of the message.', ['soap11', 'soap12', 'pox', 'get']),
  p('injectTo', 'Where the message goes (default main).', ['sequence', 'proxy', 'main']),
  p('sequenceName', 'The sequence the message goes to (with injectTo sequence).'),
  p('proxyName', 'The proxy service the message goes to (with injectTo proxy).'),
  p(
    'sequential',
    'Mediate the sequence on the task thread, one run after the other (default false; MI 4.4.0.24).',
    ['true', 'false'],
  ),
  p('invokeHandlers', 'Run the Synapse handlers for the message (default false).', ['true', 'false']),
];

/**
 * The message stores Synapse ships (org.apache.synapse.message.store.impl.*, and the deprecated names
 * MessageStoreFactory maps to two of them). MessageStoreFactory loads the class with Class.forName: another class of
 * Synapse's store package does not exist, "Error while instantiating the message store", and the store is not
 * deployed (docs-mi's rabbitmq-msg-store-properties writes RabbitmqStore for RabbitMQStore). A class of another
 * package may be a custom store (a jar in MI's lib): not judged.
 */
export const SYNAPSE_STORES = [
  'org.apache.synapse.message.store.impl.memory.InMemoryStore',
  'org.apache.synapse.message.store.impl.jms.JmsStore',
  'org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore',
  'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore',
  'org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore',
  'org.apache.synapse.message.store.InMemoryMessageStore',
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
            : protocol === 'mqtt'
              ? MQTT_INBOUND
              : protocol === 'jms'
                ? JMS_INBOUND
                : protocol === 'hl7'
                  ? HL7_INBOUND
                  : protocol === 'rabbitmq'
                    ? RABBITMQ_INBOUND
                    : protocol === 'ws'
                      ? WS_INBOUND
                      : protocol === 'wss'
                        ? WSS_INBOUND
                        : [];
    }
    case 'proxy':
      return PROXY;
    case 'messageProcessor': {
      const cls = attrValue(owner, 'class') ?? '';
      return /SamplingProcessor$/.test(cls)
        ? SAMPLING
        : /FailoverScheduledMessageForwardingProcessor$/.test(cls)
          ? FAILOVER_FORWARDING
          : /ForwardingProcessor$/.test(cls)
            ? FORWARDING
            : [];
    }
    case 'messageStore': {
      const cls = attrValue(owner, 'class') ?? '';
      return /ResequenceMessageStore$/.test(cls)
        ? RESEQUENCE_STORE
        : /JDBCMessageStore$/.test(cls)
          ? JDBC_STORE
          : /RabbitMQStore$/.test(cls)
            ? RABBITMQ_STORE
            : /(JmsStore|JMSMessageStore)$/.test(cls)
              ? JMS_STORE
              : [];
    }
    case 'task':
      return /MessageInjector$/.test(attrValue(owner, 'class') ?? 'MessageInjector') ? MESSAGE_INJECTOR : [];
    default:
      return [];
  }
}

/**
 * The element whose parameters a `<parameter>` is (an inbound endpoint's sit in `<parameters>`), or the task whose
 * `<property>` it is; undefined for any other element.
 */
export function parameterOwner(param: XmlElement): XmlElement | undefined {
  if (param.local === 'property') return param.parent?.local === 'task' ? param.parent : undefined;
  if (param.local !== 'parameter') return undefined;
  const p1 = param.parent;
  if (!p1) return undefined;
  return p1.local === 'parameters' ? p1.parent : p1;
}
