/**
 * Formats and inline sources read by key, as MI resolves them: a payloadFactory `<format key>` and an enrich inline
 * `key` may name a local entry or a registry resource (`gov:`/`conf:`); an XML format read by key loses its
 * indentation. A small MI project is written to a temporary folder and served over real HTTP.
 */
import assert from 'node:assert/strict';
import { NS, send, startProjectRuntime, type TestRuntime } from './helpers';

const ART = 'src/main/wso2mi/artifacts';
const RES = 'src/main/wso2mi/resources';

describe('runtime fidelity: formats and sources by key', () => {
  let t: TestRuntime;
  let base: string;
  before(async () => {
    const files: Record<string, string> = {
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>keyed</artifactId></project>',
      [`${ART}/apis/Keyed.xml`]: `<api ${NS} name="Keyed" context="/keyed">
  <resource methods="POST" uri-template="/json"><inSequence>
    <payloadFactory media-type="json"><format key="gov:/templates/order.json"/><args><arg expression="json-eval($.id)"/></args></payloadFactory>
    <respond/></inSequence></resource>
  <resource methods="POST" uri-template="/xml"><inSequence>
    <payloadFactory media-type="xml"><format key="OrderXml"/><args><arg expression="json-eval($.id)"/></args></payloadFactory>
    <respond/></inSequence></resource>
  <resource methods="POST" uri-template="/enrich"><inSequence>
    <enrich><source type="inline" key="conf:/snippets/extra.json"/><target type="custom" action="child" xpath="json-eval($)"/></enrich>
    <respond/></inSequence></resource>
</api>`,
      [`${ART}/local-entries/OrderXml.xml`]: `<localEntry ${NS} key="OrderXml">
  <order xmlns="">
    <id>$1</id>
    <state>new</state>
  </order>
</localEntry>`,
      [`${RES}/registry/gov/templates/order.json`]: '{"order": {"id": $1, "who": "${payload.name}"}}\n',
      [`${RES}/registry/conf/snippets/extra.json`]: '{"extra": true}',
    };
    t = await startProjectRuntime(files, 'keyed');
    base = `${t.base}/keyed`;
  });
  after(() => t.close());

  it('a JSON format from a registry resource, with $n and ${} in it', async () => {
    const r = await send(`${base}/json`, { body: '{"id":7,"name":"Ann"}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { order: { id: 7, who: 'Ann' } });
  });

  it('an XML format from a local entry, without its indentation', async () => {
    const r = await send(`${base}/xml`, { body: '{"id":8}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.text, '<order><id>8</id><state>new</state></order>');
  });

  it('an enrich inline source from a registry resource', async () => {
    const r = await send(`${base}/enrich`, { body: '{"a":1}', type: 'application/json' });
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(r.json(), { a: 1, extra: true });
  });
});
