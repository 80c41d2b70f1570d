/**
 * MI's log mediator v2 test (tests-mediator-1 .../mediator/test/v2/LogMediatorTestCase) with our own API over real
 * HTTP: a <message> template with ${...} expressions, then the properties, joined by the separator; the categories
 * INFO, WARN, ERROR and FATAL; after a call, the answer's payload and headers.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

describe('oracle s13 S3: log mediator message templates (MI v2 LogMediatorTestCase)', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Stock.xml': `<api ${NS} name="StockApi" context="/s3log/stock"><resource methods="POST" uri-template="/back">
        <inSequence><payloadFactory media-type="json"><format>{"box": {"id": "b7", "kind": "crate"}}</format></payloadFactory><respond/></inSequence></resource></api>`,
    });
    const back = `${t.base}/s3log/stock/back`;
    t.rt.deploy([
      {
        name: 'Logs.xml',
        text: `<api ${NS} name="LogsApi" context="/s3log">
  <resource methods="POST" url-mapping="/info"><inSequence>
    <variable name="ref" expression="\${payload.order.who + '_77'}"/>
    <variable name="target" value="${back}"/>
    <log category="INFO"><message>Handling order: \${payload.order} via \${var.target}</message></log>
    <call><endpoint><http method="post" uri-template="${back}"/></endpoint></call>
    <log category="INFO" separator="|"><message>Stock answer = \${payload}</message>
      <property name="ref" expression="\${var.ref}"/><property name="tag" value="t-9"/></log>
    <respond/></inSequence></resource>
  <resource methods="POST" url-mapping="/warn"><inSequence>
    <call><endpoint><http method="post" uri-template="${back}"/></endpoint></call>
    <log category="WARN"><message>Stock warning</message>
      <property name="body" expression="\${payload}"/><property name="ct" expression="\${headers['Content-Type']}"/></log>
    <log category="ERROR"><message>Stock status</message><property name="code" expression="\${properties.axis2.HTTP_SC}"/></log>
    <respond/></inSequence></resource>
  <resource methods="POST" url-mapping="/fatal"><inSequence>
    <property name="p1" value="v-one"/>
    <log category="FATAL"><message>Bad part: \${xpath('//order/part')}</message><property name="p1" expression="\${properties.synapse.p1}"/></log>
    <respond/></inSequence></resource>
</api>`,
      },
    ]);
  });
  after(() => t?.close());

  const logsAfter = async (path: string, body: string, type: string) => {
    const n = t.logs.length;
    const r = await send(`${t.base}/s3log/${path}`, { body, type });
    assert.equal(r.status, 200, r.text);
    return t.logs.slice(n);
  };
  const JSON_ORDER = '{"order": {"who": "Ann", "part": {"no": "12", "size": "L"}}}';

  it('INFO: the message template, then properties joined by the separator', async () => {
    const logs = await logsAfter('info', JSON_ORDER, 'application/json');
    const text = logs.map((l) => l.message).join('\n');
    assert.match(
      text,
      /Handling order: \{"who":"Ann","part":\{"no":"12","size":"L"\}\} via http:\/\/127\.0\.0\.1:\d+\/s3log\/stock\/back/,
    );
    assert.match(text, /Stock answer = \{"box":\{"id":"b7","kind":"crate"\}\}\|ref = Ann_77\|tag = t-9/);
  });

  it('WARN and ERROR after a call: the answer payload, its Content-Type header, HTTP_SC', async () => {
    const logs = await logsAfter('warn', JSON_ORDER, 'application/json');
    const warn = logs.find((l) => l.message.includes('Stock warning'));
    assert.ok(warn, logs.map((l) => l.message).join('\n'));
    assert.equal(warn.level, 'WARN');
    assert.match(
      warn.message,
      /Stock warning, body = \{"box":\{"id":"b7","kind":"crate"\}\}, ct = application\/json; charset=UTF-8/,
    );
    const err = logs.find((l) => l.message.includes('Stock status'));
    assert.equal(err?.level, 'ERROR');
    assert.match(err!.message, /Stock status, code = 200/);
  });

  it('FATAL with an xpath() in the message', async () => {
    const logs = await logsAfter(
      'fatal',
      '<order><part><no>12</no><size>L</size></part></order>',
      'application/xml',
    );
    const f = logs.find((l) => l.message.includes('Bad part'));
    assert.ok(f, logs.map((l) => l.message).join('\n'));
    assert.match(f.message, /Bad part: <part><no>12<\/no><size>L<\/size><\/part>, p1 = v-one/);
  });
});
