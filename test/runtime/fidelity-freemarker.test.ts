/**
 * payloadFactory with `template-type="freemarker"` (MI 4.4): the data model MI gives a template (payload as JSON,
 * XML document or text; args.argN; ctx/axis2/trp/vars as strings) and FreeMarker's own formatting (numbers as
 * `#,##0.###`, `?c`), over real HTTP. Facts from wso2-synapse FreeMarkerTemplateProcessor; fixtures are ours.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

/** MI answers a failure its fault sequence drops with 202 and no body (ServerWorker.sendAck); the error is logged. */
const loggedSince = (logs: { message: string }[], from: number): string =>
  logs
    .slice(from)
    .map((l) => l.message)
    .join('\n');

describe('runtime fidelity: FreeMarker payload templates', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'FmJson.xml': api(
        'FmJson',
        '/fm/json',
        `<property name="channel" value="web"/><variable name="batch" value="42" type="INTEGER"/>
         <payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{
           "lines": [<#list payload.lines as l>{"sku": "\${l.sku?upper_case}", "qty": \${l.qty?c}}<#sep>, </#list>],
           "count": \${payload.lines?size},
           "total": "\${payload.total}",
           "totalRaw": \${payload.total?c},
           "channel": "\${ctx.channel}",
           "batch": \${vars.batch},
           "first": "\${args.arg1}",
           "coupon": "\${payload.coupon!"none"}"<#if payload.rush?? && payload.rush>,
           "priority": "high"<#elseif payload.total gt 1000>,
           "priority": "review"<#else>,
           "priority": "normal"</#if>
         }]]></format><args><arg expression="json-eval($.lines[0].sku)"/></args></payloadFactory><respond/>`,
      ),
      'FmXml.xml': api(
        'FmXml',
        '/fm/xml',
        `<payloadFactory media-type="xml" template-type="freemarker"><format><![CDATA[<summary><#list payload.shipment.box as b><box no="\${b.@no}">\${b.weight}</box></#list><heaviest>\${payload.shipment.box[1].weight}</heaviest></summary>]]></format></payloadFactory><respond/>`,
      ),
      'FmBad.xml': api(
        'FmBad',
        '/fm/bad',
        `<payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{"x": "<#visit payload>"}]]></format></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('JSON payload: list with sep, if/elseif/else, defaults, numbers as FreeMarker prints them, args, ctx, vars', async () => {
    const r = await send(`${t.base}/fm/json`, {
      body: JSON.stringify({
        lines: [
          { sku: 'ab', qty: 2 },
          { sku: 'cd', qty: 1500 },
        ],
        total: 2345.5,
      }),
      type: 'application/json',
    });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), {
      lines: [
        { sku: 'AB', qty: 2 },
        { sku: 'CD', qty: 1500 },
      ],
      count: 2,
      total: '2,345.5',
      totalRaw: 2345.5,
      channel: 'web',
      batch: 42,
      first: 'ab',
      coupon: 'none',
      priority: 'review',
    });
  });

  it('XML payload: the document is navigated by element names, @attributes, and [index]', async () => {
    const r = await send(`${t.base}/fm/xml`, {
      body: '<shipment><box no="1"><weight>3</weight></box><box no="2"><weight>7</weight></box></shipment>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<summary><box no="1">3</box><box no="2">7</box><heaviest>7</heaviest></summary>');
  });

  it('a directive the runtime does not have loads with a warning and faults with the file and line', async () => {
    const n = t.logs.length;
    const r = await send(`${t.base}/fm/bad`, { body: '{}', type: 'application/json' });
    assert.equal(r.status, 202);
    assert.match(loggedSince(t.logs, n), /<#visit> is not supported.*FmBad\.xml:1/);
  });
});
