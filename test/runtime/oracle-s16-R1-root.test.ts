/**
 * Which messages MI holds in an envelope with a document above it, where XPath's `/` is that document (and
 * `/soapenv:Envelope/...` finds the envelope), and which in an envelope without one, where `/` is the envelope itself
 * (Axiom 1.2.11-wso2v36 DocumentNavigator.getDocumentNode: the topmost element when no OMDocument is above it).
 *
 * Expected values read from the MI/Synapse sources (session 16, R1; follows the J2 oracle's f8f77d53), not run on MI:
 * - a document: an envelope StAXSOAPModelBuilder parses (the SOAP builder of a request or a non-blocking call's
 *   answer; payloadFactory's AXIOMUtils.getSOAPEnvFromOM; enrich's inline envelope, Source.getSOAPEnvelope) and the
 *   fault envelope makefault builds in an OMDocument (FaultMediator.makeSOAPFault); replacing the body's content keeps
 *   the envelope (JsonUtil.getNewJsonPayload removes the body's children and adds the new one);
 * - none: Axiom's default envelope (SOAPFactory.getDefaultEnvelope: the REST builders) and every copy
 *   (MessageHelper.cloneSOAPEnvelope): a clone's, an iterated message's, a blocking call's answer
 *   (BlockingMsgSender.sendReceive clones it), the callout's answer set as the envelope, enrich's copy of the envelope,
 *   a scheduled task's message (MessageInjector: createSOAPEnvelope), an in-memory store's message (MessageStoreMediator stores cloneMessageContext's copy; a store that writes the
 *   message out reads it back with StAXSOAPModelBuilder, MessageConverter.toMessageContext: a document).
 * Each probe logs local-name(/): '' below a document, 'Envelope' without one. Our own APIs and payloads.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

const SE = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap = (body: string) =>
  `<soapenv:Envelope xmlns:soapenv="${SE}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const probe = (tag: string) =>
  `<log level="custom"><property name="probe" value="${tag}"/><property name="root" expression="local-name(/)"/></log>`;

// absolute paths with predicates (evaluated by fontoxpath, not the fast path); expected: the J2 oracle (Jaxen 2.0.0 +
// Axiom 1.2.11-wso2v36, the body in a default envelope for REST, parsed below a document for SOAP)
const PATHS = [
  'count(//item[2])',
  'string(/soapenv:Body/items/item[last()])',
  'string(/soapenv:Envelope/soapenv:Body/items/item[1.5])',
  'string(/*/*/items/item[2])',
  'string(//item[last()])',
  'count(//items/item[position() &gt; 1])',
  'string((//item)[2.9])',
  'count(/soapenv:Body/items/item[0])',
  'string(/)',
];

describe('XPath root of messages each MI path makes (s16 R1: a document above the envelope, or none)', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(soap('<ans><v>1</v></ans>'));
    });
    const ep = `<endpoint><address uri="${be.url}/soap"/></endpoint>`;
    t = await startRuntime({
      'RootClone.xml': api(
        'RootClone',
        '/r1-clone',
        `<clone><target><sequence>${probe('clone')}<drop/></sequence></target></clone>`,
      ),
      'RootBlocking.xml': api(
        'RootBlocking',
        '/r1-blocking',
        `<call blocking="true">${ep}</call>${probe('blocking')}<call>${ep}</call>${probe('call')}<respond/>`,
      ),
      'RootMade.xml': api(
        'RootMade',
        '/r1-made',
        `<payloadFactory media-type="json"><format>{"a":1}</format><args/></payloadFactory>${probe('json')}
         <enrich><source type="envelope" clone="true"/><target type="property" property="kept"/></enrich>
         <enrich><source type="property" property="kept"/><target type="envelope"/></enrich>${probe('enriched')}
         <payloadFactory media-type="xml"><format><soapenv:Envelope xmlns:soapenv="${SE}"><soapenv:Body><z/></soapenv:Body></soapenv:Envelope></format><args/></payloadFactory>${probe('factory')}
         <respond/>`,
      ),
      'RootStore.xml': `<messageStore ${NS} name="RootStore"/>`,
      'RootSampler.xml': `<messageProcessor ${NS} class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" name="RootSampler" messageStore="RootStore"><parameter name="interval">50</parameter><parameter name="sequence">RootStored</parameter></messageProcessor>`,
      'RootStored.xml': `<sequence ${NS} name="RootStored">${probe('stored')}<drop/></sequence>`,
      'RootPark.xml': api('RootPark', '/r1-store', '<store messageStore="RootStore"/><respond/>'),
      'RootPaths.xml': api(
        'RootPaths',
        '/r1-paths',
        `<log level="custom">${PATHS.map((e, i) => `<property xmlns:soapenv="${SE}" name="e${i}" expression="${e}"/>`).join('')}</log><respond/>`,
      ),
      'RootTask.xml': `<task ${NS} name="RootTask" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz"><trigger count="1" interval="1"/>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message"><tick xmlns=""/></property>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="RootTicked"/>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="format" value="soap11"/></task>`,
      'RootTicked.xml': `<sequence ${NS} name="RootTicked">${probe('task')}<drop/></sequence>`,
      'RootCallout.xml': api(
        'RootCallout',
        '/r1-callout',
        `<callout serviceURL="${be.url}/soap"><source type="envelope"/><target key="r"/></callout>${probe('callout-key')}
         <callout serviceURL="${be.url}/soap"><source type="envelope"/></callout>${probe('callout')}<respond/>`,
      ),
    });
    // the task's one message logs once, at a time of its own: wait for it here, so that it never lands in the log
    // lines another case reads (under load it ran late and a 'probe = task' line joined a request's lines)
    await until('the task ran', () => t.logs.some((l) => l.message.startsWith('probe = task')));
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  /** The log lines of one request: `lines` of them waited for (a clone logs after the answer), then 50 ms more. */
  const roots = async (path: string, body: string, type: string, lines: number) => {
    const n = t.logs.length;
    const r = await send(`${t.base}${path}`, { body, type });
    assert.ok(r.status === 200 || r.status === 202, String(r.status));
    await until(`${lines} log line(s)`, () => t.logs.length - n >= lines);
    await new Promise((res) => setTimeout(res, 50));
    return t.logs.slice(n).map((l) => l.message);
  };
  const SOAP_ITEM = soap('<item>1</item>');

  it('a clone of a SOAP message has no document (MessageHelper.cloneSOAPEnvelope)', async () => {
    assert.deepEqual(await roots('/r1-clone', SOAP_ITEM, 'text/xml', 1), ['probe = clone, root = Envelope']);
  });

  it("a blocking call's SOAP answer has none, a non-blocking call's has one (BlockingMsgSender.sendReceive)", async () => {
    for (const [body, type] of [
      [SOAP_ITEM, 'text/xml'],
      ['<item>1</item>', 'application/xml'],
    ])
      assert.deepEqual(await roots('/r1-blocking', body, type, 2), [
        'probe = blocking, root = Envelope',
        'probe = call, root = ',
      ]);
  });

  it("a SOAP message keeps its document through a JSON payload; enrich's copy has none; payloadFactory's envelope has one", async () => {
    assert.deepEqual(await roots('/r1-made', SOAP_ITEM, 'text/xml', 3), [
      'probe = json, root = ',
      'probe = enriched, root = Envelope',
      'probe = factory, root = ',
    ]);
    assert.deepEqual(await roots('/r1-made', '<item>1</item>', 'application/xml', 3), [
      'probe = json, root = Envelope',
      'probe = enriched, root = Envelope',
      'probe = factory, root = ',
    ]);
  });

  it("an in-memory store's SOAP message has none (MessageStoreMediator stores a clone)", async () => {
    const n = t.logs.length;
    await send(`${t.base}/r1-store`, { body: SOAP_ITEM, type: 'text/xml' });
    const seen = () => t.logs.slice(n).filter((l) => l.message.startsWith('probe = stored'));
    await until('the stored message logged', () => seen().length > 0);
    assert.deepEqual(
      seen().map((l) => l.message),
      ['probe = stored, root = Envelope'],
    );
  });

  it("a task's message has none, whatever its format (MessageInjector: SOAPFactory.createSOAPEnvelope)", async () => {
    await until('the task ran', () => t.logs.some((l) => l.message.startsWith('probe = task')));
    assert.deepEqual(
      t.logs.filter((l) => l.message.startsWith('probe = task')).map((l) => l.message),
      ['probe = task, root = Envelope'],
    );
  });

  it('absolute paths with position predicates, REST and SOAP (J2 oracle)', async () => {
    const items = '<items><item>1</item><item>2</item><item>3</item></items>';
    const line = (vals: string[]) => vals.map((v, i) => `e${i} = ${v}`).join(', ');
    assert.deepEqual(await roots('/r1-paths', items, 'application/xml', 1), [
      line(['1.0', '3', '', '', '3', '2.0', '2', '0.0', '123']),
    ]);
    assert.deepEqual(await roots('/r1-paths', soap(items), 'text/xml', 1), [
      line(['1.0', '', '1', '2', '3', '2.0', '2', '0.0', '123']),
    ]);
  });

  it("callout: a target key keeps the message's envelope; none sets the answer's copy (CalloutMediator)", async () => {
    assert.deepEqual(await roots('/r1-callout', SOAP_ITEM, 'text/xml', 2), [
      'probe = callout-key, root = ',
      'probe = callout, root = Envelope',
    ]);
  });
});
