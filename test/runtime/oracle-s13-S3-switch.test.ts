/**
 * MI's switch integration tests (tests-mediator-2 .../mediator/test/switchMediator) replayed with our own proxies over
 * real HTTP: SwitchMediator runs the first case whose regex matches the whole source text (SwitchCase.matches:
 * matcher.matches()), the default when none does, nothing when there is no default; an XPath whose prefix is not
 * declared fails when it is evaluated (SynapseXPath.stringValueOf: "Evaluation of the XPath expression ... resulted in
 * an error"), which runs the fault sequence.
 */
import assert from 'node:assert/strict';
import { closedPort, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const S12 = 'http://www.w3.org/2003/05/soap-envelope';

const order = (item: string, soap = S11): string =>
  `<s:Envelope xmlns:s="${soap}"><s:Body><o:order xmlns:o="urn:shop"><o:line><o:item>${item}</o:item></o:line></o:order></s:Body></s:Envelope>`;

describe('oracle s13 S3: switch mediator (MI switchMediator test cases)', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'text/xml' });
      res.end(req.body);
    });
    const ep = `<endpoint><address uri="${be.url}/orders"/></endpoint>`;
    const dead = `<endpoint><address uri="http://127.0.0.1:${await closedPort()}/gone"/></endpoint>`;
    const proxy = (name: string, inSeq: string, extra = ''): string =>
      `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${inSeq}</inSequence>` +
      `<outSequence><send/></outSequence>${extra}</target></proxy>`;
    t = await startRuntime({
      'TwiceSame.xml': proxy(
        'TwiceSame',
        `<switch xmlns:o="urn:shop" source="//o:order/o:line/o:item">
           <case regex="plum"><log level="custom"><property name="pick" value="first plum case"/></log></case>
           <case regex="plum"><log level="custom"><property name="pick" value="second plum case"/></log></case>
           <default><log level="custom"><property name="pick" expression="fn:concat('default for ', //o:item)"/></log></default>
         </switch><send>${ep}</send>`,
      ),
      'WholeMatch.xml': proxy(
        'WholeMatch',
        `<switch source="//o:order/o:line/o:item" xmlns:o="urn:shop">
           <case regex="^PL\\w*"><send>${ep}</send></case>
           <case regex="LU\\w*"><send>${ep}</send></case>
         </switch><drop/>`,
      ),
      'BadPrefix.xml': proxy(
        'BadPrefix',
        `<switch xmlns:o="urn:shop" source="//q:order/q:line/q:item">
           <case regex="plum"><property name="pick" value="plum"/></case>
           <default><property name="pick" value="other"/></default>
         </switch><send>${ep}</send>`,
      ),
      'BadPrefixFault.xml': proxy(
        'BadPrefixFault',
        `<switch xmlns:o="urn:shop" source="//q:order/q:line/q:item"><default><property name="pick" value="other"/></default></switch><send>${ep}</send>`,
        `<faultSequence><payloadFactory media-type="xml"><format><failed xmlns="">$1</failed></format>
           <args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`,
      ),
      'ByVersion.xml': proxy(
        'ByVersion',
        `<switch source="get-property('MESSAGE_FORMAT')">
           <case regex="soap11"><send>${ep}</send></case>
           <case regex="soap12"><drop/></case>
         </switch>`,
      ),
      'Nested.xml': proxy(
        'Nested',
        `<switch source="get-property('Action')">
           <case regex="urn:listOrders"><log level="custom"><property name="op" value="list"/></log></case>
           <case regex="urn:placeOrder"><log level="custom"><property name="op" value="place"/></log>
             <switch xmlns:o="urn:shop" source="//o:order/o:line/o:item">
               <case regex="plum"><log level="custom"><property name="fruit" value="a plum order"/></log></case>
               <default><log level="custom"><property name="fruit" value="another order"/></log></default>
             </switch>
           </case>
         </switch><respond/>`,
      ),
      'CaseFails.xml': proxy(
        'CaseFails',
        `<switch xmlns:o="urn:shop" source="//o:order/o:line/o:item"><case regex="plum"><send>${dead}</send></case></switch>`,
        `<faultSequence><makefault version="soap11"><code xmlns:se="${S11}" value="se:Server"/>
           <reason value="switch case failed"/></makefault><respond/></faultSequence>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const post = (name: string, body: string, soap12 = false, action = 'urn:placeOrder') =>
    send(`${t.base}/services/${name}`, {
      body,
      type: soap12 ? `application/soap+xml; action="${action}"` : 'text/xml',
      headers: soap12 ? {} : { SOAPAction: action },
    });
  const logsFrom = (n: number) =>
    t.logs
      .slice(n)
      .map((l) => l.message)
      .join('\n');

  it('only the first of two cases with the same regex runs (MI FurtherProcessingOfSwitchAfterMatchTestCase)', async () => {
    const n = t.logs.length;
    const r = await post('TwiceSame', order('plum'));
    assert.equal(r.status, 200);
    assert.match(logsFrom(n), /pick = first plum case/);
    assert.doesNotMatch(logsFrom(n), /second plum case/);
    const m = t.logs.length;
    await post('TwiceSame', order('fig'));
    assert.match(logsFrom(m), /pick = default for fig/);
  });

  it('a regex must match the whole text; no case and no default goes on to the next mediator (MI SwitchIntegrationSubsequenceMatchingTestCase)', async () => {
    const hits = be.requests.length;
    const ok = await post('WholeMatch', order('PLUM'));
    assert.equal(ok.status, 200);
    assert.match(ok.text, /<o:item>PLUM<\/o:item>/);
    assert.equal(be.requests.length, hits + 1);
    for (const item of ['APLUM', 'BLUE']) {
      const r = await post('WholeMatch', order(item));
      assert.equal(r.status, 202, r.text);
      assert.equal(r.text, '');
    }
    assert.equal(be.requests.length, hits + 1);
  });

  it('a source XPath with an undeclared prefix fails when evaluated: the fault sequence runs (MI InvalidPrefixTestCase)', async () => {
    const hits = be.requests.length;
    const r = await post('BadPrefix', order('plum'));
    assert.equal(r.status, 202, r.text);
    assert.equal(r.text, '');
    assert.equal(be.requests.length, hits);
    const f = await post('BadPrefixFault', order('plum'));
    assert.match(
      f.text,
      /<failed>Evaluation of the XPath expression \/\/q:order\/q:line\/q:item resulted in an error<\/failed>/,
    );
  });

  it("switching on get-property('MESSAGE_FORMAT'): soap11 is sent on, soap12 is dropped (MI SOAPNSBasedSwitchingNegativeCase)", async () => {
    const r11 = await post('ByVersion', order('plum'));
    assert.equal(r11.status, 200);
    assert.match(r11.text, /plum/);
    const r12 = await post('ByVersion', order('plum', S12), true);
    assert.equal(r12.status, 202, r12.text);
    assert.equal(r12.text, '');
  });

  it("a switch inside a switch case on get-property('Action') (MI SwitchInsideSwitchTestCase)", async () => {
    const n = t.logs.length;
    const r = await post('Nested', order('plum'));
    assert.equal(r.status, 200);
    assert.match(logsFrom(n), /op = place/);
    assert.match(logsFrom(n), /fruit = a plum order/);
    const m = t.logs.length;
    await post('Nested', order('plum'), false, 'urn:listOrders');
    assert.match(logsFrom(m), /op = list/);
    assert.doesNotMatch(logsFrom(m), /fruit/);
  });

  it("a send inside a case that fails runs the proxy's fault sequence (MI InvokeOnErrorSequenceFromSwitchIntegrationTestCase)", async () => {
    const r = await post('CaseFails', order('plum'));
    assert.equal(r.status, 500, r.text);
    assert.match(r.text, /<faultstring>switch case failed<\/faultstring>/);
  });
});
