/**
 * The log mediator's lines as MI 4.4 builds them (facts from wso2-synapse LogMediator/LogMediatorFactory): which
 * level a configuration means, what each level prints and in which order, the separator, and the message template.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startRuntime, type TestRuntime } from './helpers';

const ID = '[0-9a-f-]+';

describe('runtime fidelity: log mediator lines', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Levels.xml': api(
        'Levels',
        '/flog',
        `<log level="simple"><message>start \${payload.a}</message></log>
         <log logFullPayload="true"><message>all</message><property name="p" value="v"/></log>
         <log level="custom" logMessageID="true"><message>tmpl \${payload.a}</message><property name="q" expression="json-eval($.a)"/></log>
         <log level="custom" separator="\\n"><property name="one" value="1"/><property name="two" value="2"/></log>
         <log category="warn"><message>only the message</message><property name="k" value="x"/></log>
         <respond/>`,
      ),
      'Back.xml': api(
        'Back',
        '/flog/back',
        `<property name="RESPONSE" value="true"/><header name="To" action="remove"/><log/>
         <payloadFactory media-type="text"><format>sent back</format></payloadFactory><send/>`,
      ),
      'Soap.xml': `<proxy ${NS} name="LogSoap" transports="http"><target><inSequence>
           <log/><log level="headers"/><log level="full"/><respond/></inSequence></target></proxy>`,
    });
  });
  after(() => t.close());

  const lines = () => t.logs.filter((l) => l.category === 'LogMediator');

  it('template first, then the simple fields; logFullPayload means full; custom with logMessageID', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/flog`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 200);
    const l = lines();
    assert.equal(l.length, 5);
    assert.match(
      l[0].message,
      new RegExp(
        `^start 1, To: /flog, MessageID: urn:uuid:${ID}, correlation_id: ${ID}, Direction: request$`,
      ),
    );
    assert.match(
      l[1].message,
      new RegExp(
        `^all, To: /flog, MessageID: urn:uuid:${ID}, correlation_id: ${ID}, Direction: request, p = v, Payload: \\{"a":1\\}$`,
      ),
    );
    assert.match(
      l[2].message,
      new RegExp(`^MessageID: urn:uuid:${ID}, correlation_id: ${ID}, tmpl 1, q = 1$`),
    );
    assert.equal(l[3].message, 'one = 1\ntwo = 2');
    assert.equal(l[4].message, 'only the message, k = x');
    assert.equal(l[4].level, 'WARN');
  });

  it('RESPONSE="true" makes the message a response: Direction: response, and send answers the client', async () => {
    t.logs.length = 0;
    const r = await send(`${t.base}/flog/back`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 200);
    assert.equal(r.text, 'sent back');
    // the To header was removed: MI prints an empty To
    assert.match(lines()[0].message, /^To: , MessageID: .*Direction: response$/);
  });

  it('a SOAP request: WSAction/SOAPAction in simple, header blocks in headers, the envelope in full', async () => {
    t.logs.length = 0;
    const env =
      '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header><h:Token xmlns:h="urn:h">t1</h:Token></soapenv:Header>' +
      '<soapenv:Body><m:ping xmlns:m="urn:m">x</m:ping></soapenv:Body></soapenv:Envelope>';
    const r = await send(`${t.base}/services/LogSoap`, {
      body: env,
      type: 'text/xml',
      headers: { SOAPAction: '"urn:ping"' },
    });
    assert.equal(r.status, 200);
    const l = lines();
    assert.equal(l.length, 3);
    assert.match(
      l[0].message,
      new RegExp(
        `^To: /services/LogSoap, WSAction: urn:ping, SOAPAction: urn:ping, MessageID: urn:uuid:${ID}, correlation_id: ${ID}, Direction: request$`,
      ),
    );
    assert.match(l[1].message, new RegExp(`^ correlation_id : ${ID}, Token : t1$`));
    assert.match(
      l[2].message,
      /Direction: request, Envelope: <\?xml version='1\.0' encoding='utf-8'\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas\.xmlsoap\.org\/soap\/envelope\/"><soapenv:Header>/,
    );
  });
});
