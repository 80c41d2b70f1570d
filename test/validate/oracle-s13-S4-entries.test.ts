/**
 * Session 13 (S4): configurations MI accepts around local entries validate without a false finding. Our own names;
 * each case names the MI test class it mirrors.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('validate S13 S4: keys that name local entries', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('s13-s4-entries-', 'Depot');
  });
  after(() => fx.dispose());

  it('a sequence or endpoint key naming a local entry resolves (no SYN200): MI maps the entry to one (MI SequenceAsLocalRegistryEntryTestCase)', () => {
    const base = 'Depot/src/main/wso2mi/artifacts';
    fx.put(
      `${base}/local-entries/route-entry.xml`,
      `<localEntry ${S} key="route-entry"><sequence ${S} name="inEntry"><log/></sequence></localEntry>`,
    );
    fx.put(
      `${base}/local-entries/ep-entry.xml`,
      `<localEntry ${S} key="ep-entry"><endpoint ${S} name="epInEntry"><address uri="http://localhost:9/y"/></endpoint></localEntry>`,
    );
    const rel = `${base}/proxy-services/Via.xml`;
    fx.put(
      rel,
      `<proxy ${S} name="Via" transports="http"><target><inSequence>
<sequence key="route-entry"/>
<sequence key="no-such-entry"/>
<send><endpoint key="ep-entry"/></send>
</inSequence></target></proxy>`,
    );
    assert.deepEqual(fx.findings(rel), ['3 warning SYN200']);
  });
});
