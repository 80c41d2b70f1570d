/** Mediator ids of the coverage report for branch-holding mediators (the CLI test covers a run end to end). */
import assert from 'node:assert/strict';
import { CoverageTracker } from '../../runtime-debug/unittest';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('unit-test coverage: the mediators of an artifact', () => {
  it('names switch cases, clone targets and an inline named sequence by their place; a frame marks its mediator', () => {
    const t = new CoverageTracker();
    const text = `<proxy ${NS} name="RouteProxy"><target><inSequence>
<switch source="get-property('kind')">
  <case regex="a"><log/></case>
  <case regex="b"><drop/></case>
  <default><property name="d" value="1"/></default>
</switch>
<clone><target><sequence><log/><respond/></sequence></target><target sequence="SideSeq"/></clone>
<sequence name="tail"><variable name="v" value="1"/></sequence>
</inSequence></target></proxy>`;
    t.register('RouteProxy.xml', text, true);
    // the clone's first target: the <log/> on line 7
    const col = text.split('\n')[6]!.indexOf('<log/>') + 2;
    t.beforeMediator({
      artifactKind: 'proxy',
      artifactName: 'RouteProxy',
      sequence: 'inSequence',
      mediator: 'log',
      file: 'RouteProxy.xml',
      line: 7,
      column: col,
    });
    const p = t.report().primaryArtifact!;
    assert.deepEqual(
      p.mediatorDetails.map((d) => `${d.executed ? '+' : '-'} ${d.mediatorId}`),
      [
        '- proxy:RouteProxy/in/1.Switch',
        '- proxy:RouteProxy/in/1.Switch/case[1]/1.Log',
        '- proxy:RouteProxy/in/1.Switch/case[2]/1.Drop',
        '- proxy:RouteProxy/in/1.Switch/default/1.Property[d]',
        '- proxy:RouteProxy/in/2.Clone',
        '+ proxy:RouteProxy/in/2.Clone/target[1]/1.Log',
        '- proxy:RouteProxy/in/2.Clone/target[1]/2.Respond',
        '- proxy:RouteProxy/in/3.Sequence',
        '- proxy:RouteProxy/in/3.Sequence/1.Variable[v]',
      ],
    );
    assert.deepEqual(
      [p.artifactType, p.executedMediators, p.totalMediators, p.coveragePercentage],
      ['Proxy', 1, 9, '11.11'],
    );
    // SideSeq is not deployed in this tracker: it is not counted
    assert.equal(p.referencedArtifacts, undefined);
  });
});
