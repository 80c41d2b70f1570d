/**
 * The validate mediator with an XML schema under the debugger (dist/debugAdapter.js over DAP, `npm run build` first):
 * the adapter's bundle loads libxml2 (dist/cli-xsd.js) when the first schema is compiled, a breakpoint inside on-fail
 * stops with ERROR_MESSAGE among the properties, and the flow answers after continue.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { launch, lineOf, request, scopeValues, stopped, type Session } from '../dap/helpers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('runtime: validate with an XML schema under the debug adapter', function () {
  this.timeout(30_000);
  let dir: string;
  let apiFile: string;
  let s: Session | undefined;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'synapse-xsd-dap-'));
    const files: Record<string, string> = {
      'pom.xml': '<project><modelVersion>4.0.0</modelVersion><artifactId>xsd-dap</artifactId></project>',
      'src/main/wso2mi/artifacts/local-entries/TicketSchema.xml': `<localEntry ${NS} key="TicketSchema">
  <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="ticket" type="xs:positiveInteger"/></xs:schema>
</localEntry>`,
      'src/main/wso2mi/artifacts/apis/TicketAPI.xml': `<api ${NS} name="TicketAPI" context="/ticket">
  <resource methods="POST">
    <inSequence>
      <validate>
        <schema key="TicketSchema"/>
        <on-fail>
          <property name="HTTP_SC" value="422" scope="axis2"/>
          <payloadFactory media-type="text"><format>[$1]</format><args><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory>
          <respond/>
        </on-fail>
      </validate>
      <payloadFactory media-type="text"><format>accepted</format></payloadFactory>
      <respond/>
    </inSequence>
  </resource>
</api>`,
    };
    for (const [p, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    }
    apiFile = join(dir, 'src/main/wso2mi/artifacts/apis/TicketAPI.xml');
  });
  after(async () => {
    await s?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops inside on-fail with the Xerces message in ERROR_MESSAGE, then answers', async () => {
    const line = lineOf(apiFile, '<payloadFactory media-type="text"><format>[$1]');
    s = await launch({ [apiFile]: [{ line }] }, { project: dir });
    const ok = await request(`${s.base}/ticket`, {
      method: 'POST',
      body: '<ticket>7</ticket>',
      headers: { 'content-type': 'application/xml' },
    });
    assert.equal(ok.body, 'accepted');
    const answer = request(`${s.base}/ticket`, {
      method: 'POST',
      body: '<ticket>0</ticket>',
      headers: { 'content-type': 'application/xml' },
    });
    const e = await stopped(s.dc);
    const props = await scopeValues(s.dc, e.body.threadId!, 'Properties (default)');
    assert.match(
      props.values.ERROR_MESSAGE ?? '',
      /cvc-minInclusive-valid: Value '0' is not facet-valid with respect to minInclusive '1' for type 'positiveInteger'\./,
    );
    await s.dc.continueRequest({ threadId: e.body.threadId! });
    const r = await answer;
    assert.equal(r.status, 422);
    assert.equal(
      r.body,
      "[cvc-minInclusive-valid: Value '0' is not facet-valid with respect to minInclusive '1' for type 'positiveInteger'.\n" +
        "cvc-type.3.1.3: The value '0' of element 'ticket' is not valid.\n]",
    );
  });
});
