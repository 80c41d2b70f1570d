/**
 * Synapse's local registry holds endpoints, sequences and templates by key, and SynapseConfiguration.addEndpoint/
 * addSequence/addSequenceTemplate/addEndpointTemplate put there without a check of what the key holds (assertAlreadyExists
 * refuses only a local entry's key): the one deployed later takes the key, in MI's CApp order endpoints before
 * sequences before templates (SynapseAppDeployer.getOrderedArtifactsMap), a hot-deployed file after those already
 * there. The one replaced was logged as deployed, but a lookup of its kind then finds another kind and no Entry:
 * SynapseConfiguration.getEndpoint/getSequence -> assertEntryNull -> handleException "Cannot locate an either local or
 * remote entry for key : X" (ERROR by SynapseConfiguration, a SynapseException the fault handler gets: ERROR_CODE 0,
 * FaultHandler DEFAULT_ERROR). Expectations read from the Synapse sources (SynapseConfiguration, FaultHandler,
 * IndirectEndpoint.reLoadAndInitEndpoint); own names and payloads. (Review RC1 of s17 C1's left item.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { until } from '../support';
import { NS, send, startRuntime } from './helpers';

const fault = `<faultSequence><payloadFactory media-type="json"><format>{"code":"$1","message":"$2"}</format><args><arg expression="$ctx:ERROR_CODE"/><arg expression="$ctx:ERROR_MESSAGE"/></args></payloadFactory><respond/></faultSequence>`;
const lane = (flow: string) =>
  `<api ${NS} name="LaneApi" context="/lane"><resource methods="GET"><inSequence>${flow}</inSequence>${fault}</resource></api>`;

describe('oracle S17 RC1: one key for an endpoint and a sequence in the local registry (SynapseConfiguration.addSequence, getEndpoint)', () => {
  it('a sequence takes the key of an endpoint deployed before it (whatever the files order): <endpoint key> fails with "Cannot locate an either local or remote entry"', async () => {
    const t = await startRuntime({
      'a/LaneSeq.xml': `<sequence ${NS} name="Lane"><log level="custom"><property name="in" value="lane sequence"/></log></sequence>`,
      'b/LaneEp.xml': `<endpoint ${NS} name="Lane"><address uri="http://127.0.0.1:9/never"/></endpoint>`,
      'c/Api.xml': lane('<call><endpoint key="Lane"/></call><respond/>'),
    });
    try {
      const lines = t.logs.map((l) => `${l.category} ${l.message}`);
      assert.ok(
        lines.includes("EndpointDeployer Endpoint named 'Lane' has been deployed from file : b/LaneEp.xml"),
      );
      assert.ok(
        lines.includes("SequenceDeployer Sequence named 'Lane' has been deployed from file : a/LaneSeq.xml"),
      );
      const r = await send(`${t.base}/lane`);
      assert.equal(
        r.text,
        '{"code":"0","message":"Cannot locate an either local or remote entry for key : Lane"}',
      );
      assert.ok(
        t.logs.some(
          (l) =>
            l.level === 'ERROR' &&
            l.category === 'SynapseConfiguration' &&
            l.message === 'Cannot locate an either local or remote entry for key : Lane',
        ),
      );
      // the sequence holds the key
      assert.ok(t.rt.registryKind('Lane') === 'sequence');
    } finally {
      await t.close();
    }
  });

  it('<sequence key> of an endpoint fails the same way; a hot-deployed endpoint then takes a sequence s key back', async () => {
    const t = await startRuntime({
      'Gate.xml': `<endpoint ${NS} name="Gate"><address uri="http://127.0.0.1:9/never"/></endpoint>`,
      'Dock.xml': `<sequence ${NS} name="Dock"><payloadFactory media-type="json"><format>{"dock":true}</format><args/></payloadFactory></sequence>`,
      'Api.xml': lane('<sequence key="Gate"/><respond/>'),
      'Api2.xml': `<api ${NS} name="DockApi" context="/dock"><resource methods="GET"><inSequence><sequence key="Dock"/><respond/></inSequence>${fault}</resource></api>`,
    });
    try {
      const r = await send(`${t.base}/lane`);
      assert.equal(
        r.text,
        '{"code":"0","message":"Cannot locate an either local or remote entry for key : Gate"}',
      );
      assert.equal((await send(`${t.base}/dock`)).text, '{"dock":true}');
      // EndpointDeployer: an endpoint named Dock deployed later puts it over the sequence
      const res = t.rt.deploy([
        {
          name: 'DockEp.xml',
          text: `<endpoint ${NS} name="Dock"><address uri="http://127.0.0.1:9/never"/></endpoint>`,
        },
      ]);
      assert.deepEqual(res.problems, []);
      assert.equal(
        (await send(`${t.base}/dock`)).text,
        '{"code":"0","message":"Cannot locate an either local or remote entry for key : Dock"}',
      );
    } finally {
      await t.close();
    }
  });

  it('--watch: a file that takes over a gone file s artifact deploys, as Axis2 undeploys the files gone before it deploys new ones (WSInfoList.update)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc1-watch-'));
    const seq = (word: string) =>
      `<sequence ${NS} name="Pick"><payloadFactory media-type="json"><format>{"w":"${word}"}</format><args/></payloadFactory></sequence>`;
    writeFileSync(join(dir, 'Pick.xml'), seq('one'));
    writeFileSync(
      join(dir, 'PickApi.xml'),
      `<api ${NS} name="PickApi" context="/pick"><resource methods="GET"><inSequence><sequence key="Pick"/><respond/></inSequence></resource></api>`,
    );
    const rt = new Runtime({ httpPort: 0 });
    try {
      assert.deepEqual(rt.loadProject(dir).problems, []);
      rt.watchProject(dir);
      const { port } = await rt.start();
      assert.equal((await send(`http://127.0.0.1:${port}/pick`)).text, '{"w":"one"}');
      // the new file is written before the old one goes (its change is seen first)
      writeFileSync(join(dir, 'PickMoved.xml'), seq('two'));
      rmSync(join(dir, 'Pick.xml'));
      let text = '';
      await until('the moved sequence serves', async () => {
        text = (await send(`http://127.0.0.1:${port}/pick`)).text;
        return text === '{"w":"two"}';
      }).catch(() => undefined);
      assert.equal(text, '{"w":"two"}');
    } finally {
      await rt.stop(500);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
