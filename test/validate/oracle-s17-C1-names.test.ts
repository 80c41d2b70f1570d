/**
 * Names one deployment holds twice, as MI's deployers judge them (read from the Synapse sources, synapse
 * 4.0.0-wso2v165): local entries, sequences, endpoints and templates share Synapse's local registry, where
 * SynapseConfiguration.assertAlreadyExists refuses a key a local entry holds ("Duplicate sequence definition for key :
 * X"); local entries deploy first (MI SynapseAppDeployer.getOrderedArtifactsMap, CAppDeploymentOrderTest), so the
 * other artifact is refused: SYN201 on it, as `synapse run` reports it (runtime-debug/engine/duplicates.ts). A proxy
 * and an API of one name are in separate tables: no clash. Own fixtures.
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

  it('the sequence, endpoint and template named as a local entry get SYN201; the entry, and a proxy and API of one name, do not', () => {
    const art = 'Keys/src/main/wso2mi/artifacts';
    fx.put(`${art}/local-entries/Rate.xml`, `<localEntry ${S} key="Rate">0.25</localEntry>`);
    fx.put(`${art}/sequences/Rate.xml`, `<sequence ${S} name="Rate"><log/></sequence>`);
    fx.put(
      `${art}/endpoints/Rate.xml`,
      `<endpoint ${S} name="Rate"><address uri="http://127.0.0.1:9/rate"/></endpoint>`,
    );
    fx.put(
      `${art}/templates/Rate.xml`,
      `<template ${S} name="Rate"><parameter name="p"/><sequence><log/></sequence></template>`,
    );
    fx.put(
      `${art}/proxy-services/Desk.xml`,
      `<proxy ${S} name="Desk" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
    );
    fx.put(
      `${art}/apis/Desk.xml`,
      `<api ${S} name="Desk" context="/desk"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    );
    const found = fx.validate('Keys').filter((f) => f.code === 'SYN201');
    assert.deepEqual(found.map((f) => f.file.replace(/.*artifacts\//, '')).sort(), [
      'endpoints/Rate.xml',
      'sequences/Rate.xml',
      'templates/Rate.xml',
    ]);
    assert.match(
      found.find((f) => f.file.includes('sequences/'))!.message,
      /refuses this sequence \("Duplicate sequence definition for key : Rate"\)/,
    );
    assert.match(
      found.find((f) => f.file.includes('templates/'))!.message,
      /"Duplicate sequence-template definition for key : Rate"/,
    );
  });
});
