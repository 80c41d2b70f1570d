/**
 * Oracle sweep (helper H3, session 11) over MI's data-mediator integration tests (enrich, payloadFactory, property,
 * header, log, filter, switch, validate, ...): the behaviours they assert, checked with our own fixtures over real HTTP.
 * Each case names the MI test (or the Synapse source) it follows.
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const SE = 'http://schemas.xmlsoap.org/soap/envelope/';
const env = (body: string, header = '') =>
  `<soapenv:Envelope xmlns:soapenv="${SE}">${header ? `<soapenv:Header>${header}</soapenv:Header>` : ''}<soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`;
const proxy = (name: string, ins: string, outs = '') =>
  `<proxy xmlns="http://ws.apache.org/ns/synapse" name="${name}" transports="http"><target><inSequence>${ins}</inSequence>${
    outs ? `<outSequence>${outs}</outSequence>` : ''
  }</target></proxy>`;
const INLINE = '<source type="inline" clone="true">{"n":1}</source>';
/** The SOAP body's inner XML of an answer (the declaration and envelope stripped). */
const bodyOf = (text: string) => /<soapenv:Body>([\s\S]*)<\/soapenv:Body>/.exec(text)?.[1] ?? text;

describe('oracle s11 (H3): data mediators as MI integration tests assert them', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    // a SOAP back end answering a quote for the symbol it was sent
    be = await startBackend((req, res) => {
      const m = /<(?:\w+:)?sym>([^<]*)</.exec(req.body);
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        env(
          `<ns:quoteAnswer xmlns:ns="urn:quotes"><ns:ret xmlns:ax="urn:quotes:x"><ax:delta>1.5</ax:delta><ax:title>Acme Ltd</ax:title><ax:sym>${m ? m[1] : '?'}</ax:sym></ns:ret></ns:quoteAnswer>`,
        ),
      );
    });
    const SEND = `<send><endpoint><address uri="${be.url}/quotes"/></endpoint></send>`;
    t = await startRuntime({
      // ---- enrich (XML)
      'EnTextTarget.xml': proxy(
        'EnTextTarget',
        SEND,
        `<enrich><source xpath="//ns:ret/ax:sym" xmlns:ns="urn:quotes" xmlns:ax="urn:quotes:x"/>
           <target action="child" xpath="//ns:ret/ax:title/text()" xmlns:ns="urn:quotes" xmlns:ax="urn:quotes:x"/></enrich><respond/>`,
      ),
      'EnMixed.xml': api(
        'EnMixed',
        '/h3/en-mixed',
        `<property name="p" value="NEW"/><enrich><source type="property" property="p"/><target xpath="//note/text()"/></enrich><respond/>`,
      ),
      'EnSiblings.xml': api(
        'EnSiblings',
        '/h3/en-siblings',
        `<enrich><source xpath="//src/*"/><target xpath="//dst/mark" action="sibling"/></enrich><respond/>`,
      ),
      'EnMove.xml': api(
        'EnMove',
        '/h3/en-move',
        `<enrich><source xpath="//src/a" clone="false"/><target xpath="//dst/mark" action="child"/></enrich><respond/>`,
      ),
      'EnChildText.xml': api(
        'EnChildText',
        '/h3/en-child-text',
        `<property name="p" value="plain"/><enrich><source type="property" property="p"/><target xpath="//dst/mark" action="child"/></enrich><respond/>`,
      ),
      'EnEmpty.xml': api(
        'EnEmpty',
        '/h3/en-empty',
        `<enrich><source xpath="//nothing"/><target xpath="//dst/mark"/></enrich>
         <enrich><source xpath="//nothing"/><target type="body"/></enrich>
         <enrich><source type="property" property="never"/><target type="body"/></enrich><respond/>`,
      ),
      'EnAttrSource.xml': api(
        'EnAttrSource',
        '/h3/en-attr-source',
        `<enrich><source xpath="//dst/@kind"/><target xpath="//dst/mark"/></enrich>
         <enrich><source xpath="//dst/@kind"/><target type="property" property="k"/></enrich>
         <log level="custom"><property name="k" expression="get-property('k')"/></log><respond/>`,
      ),
      'EnNotEnvelope.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="EnNotEnvelope" context="/h3/en-not-envelope"><resource methods="POST"><inSequence>
         <enrich><source type="body"/><target type="property" property="b"/></enrich>
         <enrich><source type="property" property="b"/><target type="envelope"/></enrich><respond/></inSequence>
         <faultSequence><payloadFactory><format><failed xmlns="">$1</failed></format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
      'EnBodySibling.xml': proxy(
        'EnBodySibling',
        `<enrich><source type="inline" clone="true"><m:added xmlns:m="urn:m">+</m:added></source><target type="body" action="sibling"/></enrich><respond/>`,
      ),
      'EnBodyReplace.xml': proxy(
        'EnBodyReplace',
        `<enrich><source type="inline" clone="true"><m:fresh xmlns:m="urn:m">f</m:fresh></source><target type="body"/></enrich><respond/>`,
      ),
      'EnTwoInBody.xml': proxy(
        'EnTwoInBody',
        `<enrich><source type="inline" clone="true"><m:one xmlns:m="urn:m">1</m:one></source><target type="body"/></enrich>
         <enrich><source type="inline" clone="true"><m:two xmlns:m="urn:m">2</m:two></source><target type="body" action="sibling"/></enrich><respond/>`,
      ),
      'EnHeaderBlock.xml': proxy(
        'EnHeaderBlock',
        `<header xmlns:c="urn:cred" name="c:Cred" value="x"/>
         <enrich><source type="inline" clone="true"><c:Cred xmlns:c="urn:cred"><c:user>ann</c:user><c:pass>pw</c:pass></c:Cred></source>
           <target xmlns:c="urn:cred" xmlns:soapenv="${SE}" xpath="/soapenv:Envelope/soapenv:Header/c:Cred"/></enrich><respond/>`,
      ),
      'EnEnvelope.xml': proxy(
        'EnEnvelope',
        SEND,
        `<enrich><source type="inline" clone="true"><soapenv:Envelope xmlns:soapenv="${SE}"><soapenv:Header><Marker>H</Marker></soapenv:Header><soapenv:Body><r:x xmlns:r="urn:r"><r:y>Y</r:y></r:x></soapenv:Body></soapenv:Envelope></source>
           <target type="property" property="pl"/></enrich>
         <enrich><source type="property" property="pl"/><target type="envelope"/></enrich><respond/>`,
      ),
      'EnPropChild.xml': api(
        'EnPropChild',
        '/h3/en-prop-child',
        `<property name="om" type="OM"><shelf xmlns=""><a/></shelf></property>
         <property name="txt" value="&lt;shelf&gt;&lt;a&gt;x&lt;/a&gt;&lt;/shelf&gt;"/>
         <enrich><source type="body"/><target type="property" property="listed"/></enrich>
         <enrich><source type="inline"><b xmlns="">y</b></source><target type="property" property="om" action="child"/></enrich>
         <enrich><source type="inline"><b xmlns="">y</b></source><target type="property" property="txt" action="child"/></enrich>
         <enrich><source type="inline"><b xmlns="">y</b></source><target type="property" property="listed" action="child"/></enrich>
         <log level="custom"><property name="om" expression="$ctx:om"/><property name="txt" expression="$ctx:txt"/><property name="listed" expression="$ctx:listed"/></log>
         <respond/>`,
      ),
      // ---- header (SOAP)
      'HdrAdd.xml': proxy(
        'HdrAdd',
        `<header xmlns:h="urn:hdr" name="h:Seen" value="again"/>
         <header><h:One xmlns:h="urn:hdr">1</h:One><h:Two xmlns:h="urn:hdr">2</h:Two></header><respond/>`,
      ),
      'EnGetPropTarget.xml': api(
        'EnGetPropTarget',
        '/h3/en-get-prop-target',
        `<property name="list" type="OM"><list xmlns=""><i/></list></property>
         <enrich><source xpath="//x"/><target xpath="get-property('fresh')"/></enrich>
         <enrich><source xpath="//x"/><target xpath="get-property('axis2', 'wide')"/></enrich>
         <enrich><source xpath="//x"/><target xpath="get-property('list')" action="child"/></enrich>
         <log level="custom"><property name="fresh" expression="get-property('fresh')"/><property name="wide" expression="get-property('axis2', 'wide')"/><property name="list" expression="get-property('list')"/></log>
         <respond/>`,
      ),
      'EnInlineXmlExpr.xml': api(
        'EnInlineXmlExpr',
        '/h3/en-inline-xml-expr',
        `<property name="who" value="Ann Lee"/>
         <enrich><source type="inline"><card xmlns="">{//code} for {$ctx:who}<id>{//code}</id></card></source><target type="body"/></enrich>
         <enrich><source type="inline"><note xmlns=""><id>{//code}</id></note></source><target type="body" action="child"/></enrich><respond/>`,
      ),
      'EnInlineJsonExpr.xml': api(
        'EnInlineJsonExpr',
        '/h3/en-inline-json-expr',
        `<property name="who" value="Ann Lee"/><property name="tag" value="gold"/>
         <enrich><source type="inline">{"who": {$ctx:who}, "tag": {$ctx:tag}, "again": "{$ctx:tag}", "n": {json-eval($.n)}, "none": {json-eval($.none)}}</source>
           <target type="body"/></enrich><respond/>`,
      ),
      'EnInlineRaw.xml': `<api xmlns="http://ws.apache.org/ns/synapse" name="EnInlineRaw" context="/h3/en-inline-raw"><resource methods="POST"><inSequence>
         <enrich><source type="inline">{"raw": "\${payload.n}"}</source><target type="body"/></enrich><respond/></inSequence>
         <faultSequence><payloadFactory media-type="json"><format>{"faulted":true}</format></payloadFactory><respond/></faultSequence></resource></api>`,
      'EnJsonPropChild.xml': api(
        'EnJsonPropChild',
        '/h3/en-json-prop-child',
        `<property name="obj" value='{"k":1}'/><property name="word" value="plain words"/>
         <enrich><source type="inline">{"z":1}</source><target type="property" property="obj" action="child"/></enrich>
         <enrich><source type="inline">{"z":1}</source><target type="property" property="word" action="child"/></enrich>
         <enrich><source type="inline">{"z":1}</source><target type="property" property="unset" action="child"/></enrich>
         <respond/>`,
      ),
      // enrich (JSON) at a JSONPath: name -> [source, target path, action]
      ...Object.fromEntries(
        Object.entries({
          SetThere: [INLINE, '$.box.label', 'replace'],
          SetMissing: [INLINE, '$.box.colour', 'replace'],
          SetNoParent: [INLINE, '$.crate.colour', 'replace'],
          SetNotObject: [INLINE, '$.count.colour', 'replace'],
          SetNoMatch: [INLINE, '$.tags[?(@ == 9)]', 'replace'],
          SetEvery: [INLINE, '$.tags[*]', 'replace'],
          AddMissing: [INLINE, '$.box.colour', 'child'],
          AddToNull: [INLINE, '$.none', 'child'],
          AddToNumber: [INLINE, '$.count', 'child'],
          FromMissing: ['<source type="custom" xpath="json-eval($.ghost)"/>', '$.box.label', 'replace'],
          FromNull: ['<source type="custom" xpath="json-eval($.none)"/>', '$.box.label', 'replace'],
          FromNoProperty: ['<source type="property" property="ghost"/>', '$.box.label', 'replace'],
          RenameNoKey: ['<source type="inline">tag</source>', '$.box.colour', 'key'],
          RenameNoParent: ['<source type="inline">tag</source>', '$.crate.colour', 'key'],
          RenameInNumber: ['<source type="inline">tag</source>', '$.count.colour', 'key'],
        }).map(([name, [source, path, action]]) => [
          `${name}.xml`,
          `<api xmlns="http://ws.apache.org/ns/synapse" name="${name}" context="/h3/${name.toLowerCase()}"><resource methods="POST"><inSequence>
             <enrich>${source}<target ${action === 'key' ? 'type="key"' : `type="custom" action="${action}"`} xpath="json-eval(${path})"/></enrich><respond/></inSequence>
           <faultSequence><payloadFactory media-type="json"><format>{"failed":"$1"}</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence></resource></api>`,
        ]),
      ),
    });
  });
  after(async () => {
    await t.close();
    await be.close();
  });

  const xml = (path: string, body: string) => send(`${t.base}${path}`, { body, type: 'application/xml' });
  const soap = (name: string, body: string, header = '') =>
    send(`${t.base}/services/${name}`, {
      body: env(body, header),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:any' },
    });
  const DOC = '<root><src><a>1</a><b>2</b></src><dst><mark/><z/></dst><note>old<i>x</i>tail</note></root>';
  const QUOTE = '<q:quote xmlns:q="urn:quotes"><q:req><q:sym>ACME</q:sym></q:req></q:quote>';

  describe('enrich (Synapse Target.insert / insertElement)', () => {
    it('an element into a text() target takes the text node s place (EnrichIntegrationSourceXpathAsChildTargetXpath)', async () => {
      const r = await soap('EnTextTarget', QUOTE);
      assert.equal(r.status, 200);
      assert.match(bodyOf(r.text), /<ax:title><ax:sym>ACME<\/ax:sym><\/ax:title><ax:sym>ACME<\/ax:sym>/);
    });

    // (Axiom 1.2.11's setText detaches the first text child only and appends: the session 17 mi-run harness answers
    // <note><i>x</i>tailNEW</note>)
    it('a text into a text() target is set on the parent (OMElement.setText: the first text goes, the rest stays, the text is appended)', async () => {
      const r = await xml('/h3/en-mixed', DOC);
      assert.match(r.text, /<note><i>x<\/i>tailNEW<\/note>/);
    });

    it('several siblings go in right after the target, each before the previous one (insertSiblingAfter)', async () => {
      const r = await xml('/h3/en-siblings', DOC);
      assert.match(r.text, /<dst><mark\/><b>2<\/b><a>1<\/a><z\/><\/dst>/);
    });

    it('clone="false" moves the selected node (Axiom addChild detaches it from where it was)', async () => {
      const r = await xml('/h3/en-move', DOC);
      assert.match(r.text, /<src><b>2<\/b><\/src><dst><mark><a>1<\/a><\/mark><z\/><\/dst>/);
    });

    it('action child skips a text source', async () => {
      const r = await xml('/h3/en-child-text', DOC);
      assert.match(r.text, /<dst><mark\/><z\/><\/dst>/);
    });

    it('a source xpath that selects nothing leaves the message as it is, with MI s ERROR lines', async () => {
      const r = await xml('/h3/en-empty', DOC);
      assert.equal(r.text, DOC);
      const lines = t.logs
        .filter((l) => l.artifact?.includes('EnEmpty') && l.level === 'ERROR')
        .map((l) => l.message);
      assert.ok(lines.includes('Specified node by xpath cannot be found.'), lines.join('|'));
      assert.ok(lines.includes('Cannot Enrich message from an empty source.'), lines.join('|'));
      assert.ok(lines.includes('Invalid source property type.'), lines.join('|'));
    });

    it('an attribute selected as the source is left out (Source.evaluate takes elements and texts): nothing changes', async () => {
      const r = await xml('/h3/en-attr-source', '<root><dst kind="k1"><mark/></dst></root>');
      assert.equal(r.text, '<root><dst kind="k1"><mark/></dst></root>');
      const lines = t.logs.filter((l) => l.artifact?.includes('EnAttrSource')).map((l) => l.message);
      assert.ok(lines.includes('Cannot Enrich message from an empty source.'), lines.join('|'));
      assert.ok(lines.includes('k = '), lines.join('|'));
    });

    it('an envelope target takes a SOAP envelope only (Target.insert: "A SOAPEnvelope is expected")', async () => {
      const r = await xml('/h3/en-not-envelope', '<root/>');
      assert.equal(r.text, '<failed>A SOAPEnvelope is expected</failed>');
    });

    it('body sibling goes right after the first body element; body replace replaces only that element', async () => {
      let r = await soap('EnBodySibling', '<one/><two/>');
      assert.equal(bodyOf(r.text), '<one/><m:added xmlns:m="urn:m">+</m:added><two/>');
      r = await soap('EnBodyReplace', '<one/><two/>');
      assert.equal(bodyOf(r.text), '<m:fresh xmlns:m="urn:m">f</m:fresh><two/>');
      // EnrichIntegrationAddSiblingInOutMessageTestCase: replace then sibling of the body
      r = await soap('EnTwoInBody', QUOTE);
      assert.equal(bodyOf(r.text), '<m:one xmlns:m="urn:m">1</m:one><m:two xmlns:m="urn:m">2</m:two>');
    });

    it('child of a property: an OM property takes the element, XML text becomes its own text, an enriched node list is replaced', async () => {
      await xml('/h3/en-prop-child', '<root><x>1</x></root>');
      const line = t.logs.find((l) => l.artifact?.includes('EnPropChild') && l.category === 'LogMediator');
      // $ctx: of a one-node list is its text (SynapseXPath.stringValueOf): y, not the body's (empty) own text
      assert.equal(line?.message, 'om = <shelf><a/><b>y</b></shelf>, txt = , listed = y');
    });

    it('{expr} in an inline element s own text: every {expr} of the element replaced, a value that is neither XML nor JSON quoted (InlineExpressionUtil)', async () => {
      const r = await xml('/h3/en-inline-xml-expr', '<req><code>C7</code></req>');
      // the second inline element has no expression in its own text: taken as written
      assert.equal(r.text, '<card>C7 for "Ann Lee"<id>C7</id><note><id>{//code}</id></note></card>');
    });

    it('{expr} in inline JSON text: Gson reads the result leniently; ${...} is no inline expression there', async () => {
      const r = await send(`${t.base}/h3/en-inline-json-expr`, { body: '{"n":5}', type: 'application/json' });
      assert.deepEqual(r.json(), { who: 'Ann Lee', tag: 'gold', again: 'gold', n: 5, none: '' });
      // "${payload.n}": {payload.n} is an XPath selecting nothing, quoted, which leaves "$""" (no JSON): the source fails
      const raw = await send(`${t.base}/h3/en-inline-raw`, { body: '{"n":5}', type: 'application/json' });
      assert.deepEqual(raw.json(), { faulted: true });
    });

    it('a custom target get-property(...) sets that property (Target.handleProperty); child extends a copy of an element', async () => {
      const r = await xml('/h3/en-get-prop-target', '<root><x>7</x></root>');
      assert.equal(r.text, '<root><x>7</x></root>');
      const line = t.logs.find(
        (l) => l.artifact?.includes('EnGetPropTarget') && l.category === 'LogMediator',
      );
      assert.equal(line?.message, 'fresh = 7, wide = 7, list = <list><i/><x>7</x></list>');
    });

    it('an inline element replaces a SOAP header block selected by xpath (EnrichAndDoubleDropIntegrationTestCase)', async () => {
      const r = await soap('EnHeaderBlock', QUOTE);
      assert.match(
        r.text,
        /<soapenv:Header><c:Cred xmlns:c="urn:cred"><c:user>ann<\/c:user><c:pass>pw<\/c:pass><\/c:Cred><\/soapenv:Header>/,
      );
    });

    it('an inline envelope through a property replaces the envelope; its unprefixed header is in the synapse namespace (EnrichIntegrationReplaceEnvelopeWithPropertyTestCase)', async () => {
      const r = await soap('EnEnvelope', QUOTE);
      assert.match(
        r.text,
        /<soapenv:Header><Marker xmlns="http:\/\/ws.apache.org\/ns\/synapse">H<\/Marker><\/soapenv:Header>/,
      );
      assert.equal(bodyOf(r.text), '<r:x xmlns:r="urn:r"><r:y>Y</r:y></r:x>');
    });
  });

  describe('header (HeaderMediator.addCustomHeader, HeaderMediatorFactory)', () => {
    it('a set adds a block next to one of that name already there; every embedded element is added', async () => {
      const r = await soap('HdrAdd', '<q/>', '<h:Seen xmlns:h="urn:hdr">first</h:Seen>');
      assert.match(
        r.text,
        /<soapenv:Header><h:Seen xmlns:h="urn:hdr">first<\/h:Seen><h:Seen xmlns:h="urn:hdr">again<\/h:Seen><h:One xmlns:h="urn:hdr">1<\/h:One><h:Two xmlns:h="urn:hdr">2<\/h:Two><\/soapenv:Header>/,
      );
    });
  });

  describe('enrich (JSON) replace: Target.setEnrichResultToBody, JsonPath.set (Jayway 2.10, no options)', () => {
    const BODY = '{"box":{"label":"a"},"count":5,"tags":[1,2],"none":null}';
    const post = (name: string) => send(`${t.base}/h3/${name}`, { body: BODY, type: 'application/json' });

    it('a key that is there is replaced; every match of a wildcard too', async () => {
      assert.deepEqual((await post('setthere')).json(), {
        box: { label: { n: 1 } },
        count: 5,
        tags: [1, 2],
        none: null,
      });
      assert.deepEqual((await post('setevery')).json(), {
        box: { label: 'a' },
        count: 5,
        tags: [{ n: 1 }, { n: 1 }],
        none: null,
      });
    });

    it('a missing last key is not added: set() finds nothing and MI fails with AbstractListMediator s words', async () => {
      for (const name of ['setmissing', 'setnomatch'])
        assert.deepEqual((await post(name)).json(), {
          failed: 'Runtime error occurred while mediating the message',
        });
    });

    it('a missing or non-object step on the way fails with Jayway s PathNotFoundException message', async () => {
      assert.deepEqual((await post('setnoparent')).json(), { failed: "Missing property in path $['crate']" });
      assert.deepEqual((await post('setnotobject')).json(), {
        failed:
          "Expected to find an object with property ['colour'] in path $['count'] but found 'java.lang.Integer'. " +
          "This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.GsonJsonProvider'.",
      });
    });

    it('child reads the target first (Target.getNewJSONString): nothing there fails; a null or a number is logged, the body kept', async () => {
      assert.deepEqual((await post('addmissing')).json(), {
        failed: "No results for path: $['box']['colour']",
      });
      // read() gives the JsonNull / JsonPrimitive found (s17 mi-run harness over Synapse + Jayway 2.10 + Gson):
      // "Cannot append since the target element is not a JSON array or JSONObject: ..." and the flow goes on
      const unchanged = { box: { label: 'a' }, count: 5, tags: [1, 2], none: null };
      assert.deepEqual((await post('addtonull')).json(), unchanged);
      assert.deepEqual((await post('addtonumber')).json(), unchanged);
      assert.match(t.logs.map((l) => l.message).join('\n'), /JSON array or JSONObject: 5/);
    });

    it('a source path that finds nothing fails as Jayway s read(); a missing property is no source; a JSON null is one', async () => {
      assert.deepEqual((await post('frommissing')).json(), { failed: "No results for path: $['ghost']" });
      assert.deepEqual((await post('fromnoproperty')).json(), {
        failed: 'Failed to get the source for Enriching : ',
      });
      // read() gives the JsonNull found (s17 mi-run harness: Synapse + Jayway 2.10 + Gson): replace sets null
      assert.deepEqual((await post('fromnull')).json(), {
        box: { label: null },
        count: 5,
        tags: [1, 2],
        none: null,
      });
    });

    it('type key (Target.renameKey, JsonPath.renameKey): a key not there fails, a parent not there is nothing to do', async () => {
      assert.deepEqual((await post('renamenokey')).json(), {
        failed: 'No results for Key colour found in map!',
      });
      assert.deepEqual((await post('renamenoparent')).json(), {
        box: { label: 'a' },
        count: 5,
        tags: [1, 2],
        none: null,
      });
      assert.deepEqual((await post('renameinnumber')).json(), {
        failed: 'Can only rename properties in a map',
      });
    });

    it('child of a property (Target.insertJson): only an array takes it; MI s ERROR lines otherwise', async () => {
      await send(`${t.base}/h3/en-json-prop-child`, { body: '{"n":1}', type: 'application/json' });
      const lines = t.logs
        .filter((l) => l.artifact?.includes('EnJsonPropChild') && l.level === 'ERROR')
        .map((l) => l.message);
      assert.deepEqual(lines, [
        'Cannot add child, since the target {"k":1} is not an JSON array',
        'Cannot add child, since the target "plain words" is not an JSON array',
        'Cannot find the property with name "unset" to enrich',
      ]);
    });

    it('a replace of the JSON root with type custom is refused at deploy (EnrichMediatorFactory.populateTarget)', () => {
      const rt = new Runtime({ httpPort: 0 });
      const res = rt.deploy([
        {
          name: 'RootSet.xml',
          text: api(
            'RootSet',
            '/h3/rootset',
            `<enrich><source type="inline">{"n":1}</source><target type="custom" xpath="json-eval($.)"/></enrich><respond/>`,
          ),
        },
      ]);
      assert.deepEqual(
        res.problems.map((p) => p.code),
        ['RT_ENRICH_FORM'],
      );
    });
  });
});
