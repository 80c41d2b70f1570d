/**
 * payloadFactory FreeMarker templates from MI 4.4's payloadFactory documentation, run through our runtime over
 * real HTTP with our own payloads: the CSV whose columns are read from the XML itself (`?children`, `?filter` with a
 * lambda, `?node_type`, `?node_name`, `<#sep>`), XML to JSON with an attribute (`.@code`), JSON and XML lists.
 * FreeMarker's DOM model (freemarker.ext.dom): ?children lists every child node (text included), ?node_type is
 * "element"/"text"/..., ?node_name is an element's local name and "@text" for a text node.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

const CREW =
  '<crew><member><id>1</id><fn>Ana</fn><ln>Lind</ln></member><member><id>2</id><fn>Bo</fn><ln>Ek</ln></member></crew>';

const CSV_ANY_COLUMNS = `<#list payload.crew.member[0]?children?filter(c -> c?node_type == 'element') as c>\${c?node_name}<#sep>,</#list>
<#list payload.crew.member as m>
<#list m?children?filter(c -> c?node_type == 'element') as c>\${c}<#sep>,</#list>
</#list>`;

const NODE_KINDS = `<#list payload.note?children as n>\${n?node_type}:\${n?node_name}<#sep>;</#list>|<#list payload.note?children?filter(n -> n?node_type == 'element')?map(n -> n?node_name?upper_case) as u>\${u}<#sep>+</#list>`;

describe('fidelity D1 s7: FreeMarker examples of the payloadFactory documentation', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'FmCsvAny.xml': api(
        'FmCsvAny',
        '/d1s7/fm-csv-any',
        `<payloadFactory media-type="text" template-type="freemarker"><format><![CDATA[${CSV_ANY_COLUMNS}]]></format></payloadFactory><respond/>`,
      ),
      'FmKinds.xml': api(
        'FmKinds',
        '/d1s7/fm-kinds',
        `<payloadFactory media-type="text" template-type="freemarker"><format><![CDATA[${NODE_KINDS}]]></format></payloadFactory><respond/>`,
      ),
      'FmX2J.xml': api(
        'FmX2J',
        '/d1s7/fm-x2j',
        `<payloadFactory media-type="json" template-type="freemarker"><format><![CDATA[{
  "Name": "\${payload.person.given} \${payload.person.family}",
  "Age": \${payload.person.years},
  "Address": "\${payload.person.home.town},\${payload.person.home.region.@code}"
}]]></format></payloadFactory><respond/>`,
      ),
      'FmJList.xml': api(
        'FmJList',
        '/d1s7/fm-jlist',
        `<payloadFactory media-type="xml" template-type="freemarker"><format><![CDATA[<crew>
<#list payload as m>
<member><index>\${m.id}</index><name>\${m.fn} \${m.ln}</name></member>
</#list>
</crew>]]></format></payloadFactory><respond/>`,
      ),
    });
  });
  after(() => t.close());

  it('builds a CSV whose header and columns come from the XML elements (?children?filter, ?node_name, <#sep>)', async () => {
    const r = await send(`${t.base}/d1s7/fm-csv-any`, { body: CREW, type: 'application/xml' });
    assert.equal(r.status, 200);
    assert.match(r.headers.get('content-type') ?? '', /^text\/plain/);
    assert.equal(r.text.trimEnd(), 'id,fn,ln\n1,Ana,Lind\n2,Bo,Ek');
  });

  it('names text nodes @text and elements by local name, drops comments; ?map applies a lambda to each item', async () => {
    const r = await send(`${t.base}/d1s7/fm-kinds`, {
      body: '<note>hi<to>Kai</to><!--c--> and <![CDATA[so]]><from>Eli</from></note>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    // MI parses the payload for FreeMarker with NodeModel.parse: the comment is gone, text and CDATA are one node
    assert.equal(r.text, 'text:@text;element:to;text:@text;element:from|TO+FROM');
  });

  it('turns XML into JSON with an attribute read by .@name', async () => {
    const r = await send(`${t.base}/d1s7/fm-x2j`, {
      body: '<person><given>Ola</given><family>Berg</family><years>41</years><home><region code="OS">Oslo</region><town>Lakeside</town></home></person>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200);
    assert.deepEqual(JSON.parse(r.text), { Name: 'Ola Berg', Age: 41, Address: 'Lakeside,OS' });
  });

  it('lists a JSON array payload the same way as an XML list', async () => {
    const r = await send(`${t.base}/d1s7/fm-jlist`, {
      body: '[{"id":1,"fn":"Ana","ln":"Lind"},{"id":2,"fn":"Bo","ln":"Ek"}]',
      type: 'application/json',
    });
    assert.equal(r.status, 200);
    assert.equal(
      r.text.replace(/\n/g, ''),
      '<crew><member><index>1</index><name>Ana Lind</name></member><member><index>2</index><name>Bo Ek</name></member></crew>',
    );
  });
});
