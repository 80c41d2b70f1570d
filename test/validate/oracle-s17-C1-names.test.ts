/**
 * Names one deployment holds twice, as MI's deployers judge them (read from the Synapse sources, synapse
 * 4.0.0-wso2v165): local entries, sequences, endpoints and templates share Synapse's local registry, where
 * SynapseConfiguration.assertAlreadyExists refuses a key a local entry holds ("Duplicate sequence definition for key :
 * X"); local entries deploy first (MI SynapseAppDeployer.getOrderedArtifactsMap, CAppDeploymentOrderTest), so the
 * other artifact is refused: SYN201 on it, as `synapse run` reports it (runtime-debug/engine/duplicates.ts). (A proxy
 * and an API of one name are in separate tables of Synapse, but share a CAR folder: see the second block.) Own
 * fixtures.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('synapse validate: one key for a local entry and a sequence, endpoint or template (SynapseConfiguration.assertAlreadyExists; MI CAppDeploymentOrderTest)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('c1-s17-', 'Keys');
  });
  after(() => fx?.dispose());

  it('the sequence, endpoint and template named as a local entry get SYN201; the entry does not', () => {
    const art = 'Keys/src/main/wso2mi/artifacts';
    fx.put(`${art}/local-entries/Rate.xml`, `<localEntry ${S} key="Rate">0.25</localEntry>`);
    fx.put(`${art}/sequences/Rate.xml`, `<sequence ${S} name="Rate"><log/></sequence>`);
    fx.put(`${art}/local-entries/Fee.xml`, `<localEntry ${S} key="Fee">3</localEntry>`);
    fx.put(
      `${art}/endpoints/Fee.xml`,
      `<endpoint ${S} name="Fee"><address uri="http://127.0.0.1:9/rate"/></endpoint>`,
    );
    fx.put(`${art}/local-entries/Tax.xml`, `<localEntry ${S} key="Tax">0.2</localEntry>`);
    fx.put(
      `${art}/templates/Tax.xml`,
      `<template ${S} name="Tax"><parameter name="p"/><sequence><log/></sequence></template>`,
    );
    const found = fx.validate('Keys').filter((f) => f.code === 'SYN201');
    assert.deepEqual(found.map((f) => f.file.replace(/.*artifacts\//, '')).sort(), [
      'endpoints/Fee.xml',
      'sequences/Rate.xml',
      'templates/Tax.xml',
    ]);
    assert.match(
      found.find((f) => f.file.includes('sequences/'))!.message,
      /refuses this sequence \("Duplicate sequence definition for key : Rate"\)/,
    );
    assert.match(
      found.find((f) => f.file.includes('templates/'))!.message,
      /"Duplicate sequence-template definition for key : Tax"/,
    );
  });
});

/**
 * MI's CAR build (vscode-car-plugin CAppHandler.processArtifactsInFolder, read from its source) names each artifact
 * after its name (NAME_VERSION for an API with a version) and writes it to the folder NAME_VERSION: two artifacts of
 * different kinds with one name share the folder, the later overwrites the earlier, and artifacts.xml lists the survivor
 * twice. The packager refuses such a project (PROJECT_DUPLICATE); validate says so on both files (SYN201). Own fixtures.
 */
describe('synapse validate: two kinds of one name in an MI project share a CAR folder (vscode-car-plugin CAppHandler; review RC1)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('rc1-s17-', 'Twins');
  });
  after(() => fx?.dispose());

  it('a proxy and an API, a sequence and an endpoint of one name: SYN201 on each; a versioned API of the name does not clash', () => {
    const art = 'Twins/src/main/wso2mi/artifacts';
    fx.put(
      `${art}/proxy-services/Desk.xml`,
      `<proxy ${S} name="Desk" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
    );
    fx.put(
      `${art}/apis/Desk.xml`,
      `<api ${S} name="Desk" context="/desk"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    );
    fx.put(`${art}/sequences/Lane.xml`, `<sequence ${S} name="Lane"><log/></sequence>`);
    fx.put(
      `${art}/endpoints/Lane.xml`,
      `<endpoint ${S} name="Lane"><address uri="http://127.0.0.1:9/lane"/></endpoint>`,
    );
    fx.put(`${art}/sequences/Shelf.xml`, `<sequence ${S} name="Shelf"><log/></sequence>`);
    fx.put(
      `${art}/apis/Shelf_v2.xml`,
      `<api ${S} name="Shelf" context="/shelf" version="2" version-type="url"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    );
    const found = fx.validate('Twins').filter((f) => f.code === 'SYN201');
    assert.deepEqual(found.map((f) => f.file.replace(/.*artifacts\//, '')).sort(), [
      'apis/Desk.xml',
      'endpoints/Lane.xml',
      'proxy-services/Desk.xml',
      'sequences/Lane.xml',
    ]);
    assert.match(
      found.find((f) => f.file.includes('proxy-services/'))!.message,
      /^The API 'Desk' \(Desk\.xml\) has the same name: .*CAR folder Desk_<version>.*PROJECT_DUPLICATE/,
    );
  });
});
