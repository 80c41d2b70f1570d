/**
 * Session 13, reviewer R3: cases for what the review of 68f30bd..f17e75d changed. Our own names and payloads; each
 * case names the MI test class or source it keeps to.
 */
import assert from 'node:assert/strict';
import { NS, send, startRuntime, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const soap = (body: string) => `<s:Envelope xmlns:s="${S11}"><s:Body>${body}</s:Body></s:Envelope>`;

describe('oracle S13 R3: review cases', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'tallyQuery.xml': `<localEntry ${NS} key="tallyQuery"><q><![CDATA[
declare namespace b="urn:bins";
declare variable $bin as document-node() external;
declare variable $rate as xs:double external;
<b:tally><b:count>{count($bin//b:part)}</b:count><b:cost>{sum($bin//b:part/@w) * $rate}</b:cost></b:tally>]]></q></localEntry>`,
      'Tally.xml': `<proxy ${NS} name="Tally" transports="http"><target><inSequence>
        <xquery key="tallyQuery"><variable name="bin" type="ELEMENT"/>
          <variable name="rate" type="DOUBLE" value="1.5E9"/></xquery>
        <respond/></inSequence></target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
  });

  it('an xquery run again (the parsed query kept) answers from each message, its doubles printed as Saxon prints them (MI XQueryCustomVariableAsDouble)', async () => {
    const post = (parts: string) =>
      send(`${t.base}/services/Tally`, {
        body: soap(`<b:bin xmlns:b="urn:bins">${parts}</b:bin>`),
        type: 'text/xml',
        headers: { SOAPAction: 'urn:mediate' },
      });
    const one = await post('<b:part w="2"/>');
    const three = await post('<b:part w="1"/><b:part w="1"/><b:part w="2"/>');
    assert.equal(one.status, 200, one.text);
    assert.match(one.text, /<b:count>1<\/b:count><b:cost>3\.0E9<\/b:cost>/);
    assert.match(three.text, /<b:count>3<\/b:count><b:cost>6\.0E9<\/b:cost>/);
  });
});
