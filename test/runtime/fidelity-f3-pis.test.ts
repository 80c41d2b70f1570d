/**
 * PRESERVE_XML_PROCESSING_INSTRUCTIONS (axis2 scope) set to true: the processing instructions before the root of an
 * XML message are written back before it, as MI's XML formatter does; without it they are dropped once the message
 * was read (found by helper G running MI's PreserveXmlProcessingInstructionsPropertyTestCase). Our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const ANSWER =
  '<?xml version="1.0" encoding="UTF-8"?>\n<?xml-stylesheet type="text/xsl" href="look.xsl"?>\n<?app-hint mode="fast"?>\n<greeting>hi</greeting>';

describe('runtime fidelity (F3): PRESERVE_XML_PROCESSING_INSTRUCTIONS', () => {
  let t: TestRuntime;
  let backend: Backend;
  before(async () => {
    backend = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end(ANSWER);
    });
    // the log reads the answer, so that it is built (not passed through as bytes)
    const flow = (extra: string) =>
      `<call><endpoint><address uri="${backend.url}/greet"/></endpoint></call>
       <log level="custom"><property name="g" expression="//greeting"/></log>${extra}<respond/>`;
    t = await startRuntime({
      'Keep.xml': api(
        'Keep',
        '/f3pi/keep',
        flow(`<property name="PRESERVE_XML_PROCESSING_INSTRUCTIONS" value="true" scope="axis2"/>`),
      ),
      'Drop.xml': api('Drop', '/f3pi/drop', flow('')),
      'Replaced.xml': api(
        'Replaced',
        '/f3pi/replaced',
        flow(
          `<property name="PRESERVE_XML_PROCESSING_INSTRUCTIONS" value="true" scope="axis2"/>
           <payloadFactory media-type="xml"><format><other xmlns="">x</other></format><args/></payloadFactory>`,
        ),
      ),
    });
  });
  after(async () => {
    await t.close();
    await backend.close();
  });

  it('with the property: the instructions before the root are written back', async () => {
    const r = await send(`${t.base}/f3pi/keep`);
    assert.equal(r.status, 200, r.text);
    assert.equal(
      r.text,
      '<?xml-stylesheet type="text/xsl" href="look.xsl"?><?app-hint mode="fast"?><greeting>hi</greeting>',
    );
  });

  it('without it they are dropped', async () => {
    const r = await send(`${t.base}/f3pi/drop`);
    assert.equal(r.text, '<greeting>hi</greeting>');
  });

  it('a payload made afresh has none to write', async () => {
    const r = await send(`${t.base}/f3pi/replaced`);
    assert.equal(r.text, '<other>x</other>');
  });
});
