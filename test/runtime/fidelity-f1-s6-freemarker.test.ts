/**
 * payloadFactory template-type="freemarker" as MI runs it (FreeMarker's default configuration, checked against
 * Synapse FreeMarkerTemplateProcessorTest): white-space stripping of lines holding only FTL tags, `?capitalize`,
 * the `<#ftl ns_prefixes={...}>` header for prefixed XML names, the loop variables `x_index` / `x_has_next`.
 * Our own fixtures, real HTTP.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const LIST_TPL = `<crew>
<#list payload.members as m>
  <sailor>
    <rank>\${m_index}</rank>
    <call>\${m.nick?capitalize}</call>
  </sailor>
</#list>
</crew>`;

const NS_TPL = `<#ftl ns_prefixes={"h": "urn:harbour:v2"}>
<berth>
  <ship>\${payload['h:arrival']['h:ship']}</ship>
  <#if payload['h:arrival']['h:tugs'] == "2">
  <tugs>two</tugs>
  </#if>
</berth>`;

const JSON_TPL = `{"ports": [
  <#list payload.ports as p>
  "\${p}"<#if p_has_next>,</#if>
  </#list>
]}`;

describe('fidelity F1 s6: FreeMarker templates as MI renders them', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'FmList.xml': api(
        'FmList',
        '/f1s6/fm-list',
        `<payloadFactory media-type="xml" template-type="freemarker"><format><![CDATA[${LIST_TPL}]]></format></payloadFactory><respond/>`,
      ),
      'FmNs.xml': api(
        'FmNs',
        '/f1s6/fm-ns',
        `<payloadFactory media-type="xml" template-type="freemarker"><format><![CDATA[${NS_TPL}]]></format></payloadFactory><respond/>`,
      ),
      'FmJson.xml': api(
        'FmJson',
        '/f1s6/fm-json',
        `<payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[${JSON_TPL}]]></format></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('lines holding only FTL tags leave no blank lines; ?capitalize; the loop index', async () => {
    const r = await send(`${t.base}/f1s6/fm-list`, {
      body: '{"members":[{"nick":"old SALT"},{"nick":"deck  hand"}]}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text,
      '<crew>\n  <sailor>\n    <rank>0</rank>\n    <call>Old Salt</call>\n  </sailor>\n' +
        '  <sailor>\n    <rank>1</rank>\n    <call>Deck  Hand</call>\n  </sailor>\n</crew>',
    );
  });

  it('an <#ftl ns_prefixes> header names namespaced elements by prefix', async () => {
    const r = await send(`${t.base}/f1s6/fm-ns`, {
      body: '<a:arrival xmlns:a="urn:harbour:v2"><a:ship>Mira</a:ship><a:tugs>2</a:tugs></a:arrival>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.equal(r.text, '<berth>\n  <ship>Mira</ship>\n  <tugs>two</tugs>\n</berth>');
  });

  it('x_has_next separates JSON items; the first top-level text keeps its indentation', async () => {
    const r = await send(`${t.base}/f1s6/fm-json`, {
      body: '{"ports":["Oslo","Bergen"]}',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { ports: ['Oslo', 'Bergen'] });
    // the template's first top-level text block ("{\"ports\": [\n  ") is never stripped (FreeMarker
    // TextBlock.postParseCleanup), so its indentation stays before the first item
    assert.equal(r.text, '{"ports": [\n    "Oslo",\n  "Bergen"\n]}');
  });
});
