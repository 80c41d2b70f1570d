/** The debugger's source model: mediator start-tag lines and MI mediator positions; wire-protocol framing. */
import assert from 'node:assert/strict';
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { buildFileModel } from '../../runtime-debug/dap/sourceModel';
import { prettyXml } from '../../runtime-debug/dap/prettyXml';
import { hitMatches } from '../../runtime-debug/dap/breakpoints';
import { completionsFor } from '../../runtime-debug/dap/completions';
import { flowPointJson, parseFlowPoint, readLines } from '../../runtime-debug/wire/protocol';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('debugger source model and wire protocol helpers', () => {
  it('gives every mediator its start-tag lines and MI position (filter, switch, clone, iterate, comments not counted)', () => {
    const text = `<sequence ${NS} name="S">
  <!-- a comment is not a mediator -->
  <log
     level="full"/>
  <filter source="$ctx:a" regex="x">
    <then>
      <property name="t" value="1"/>
      <drop/>
    </then>
    <else>
      <property name="e" value="1"/>
    </else>
  </filter>
  <switch source="$ctx:b">
    <case regex="one"><log/></case>
    <case regex="two"><log/><drop/></case>
    <default><respond/></default>
  </switch>
  <clone>
    <target><sequence><log/></sequence></target>
    <target><sequence><drop/><log/></sequence></target>
  </clone>
  <iterate expression="//x"><target><sequence><log/></sequence></target></iterate>
</sequence>`;
    const m = buildFileModel('S.xml', text);
    const at = (pos: string) => m.mediators.find((x) => x.position.join(' ') === pos);
    assert.equal(at('0')!.name, 'log');
    assert.equal(at('0')!.startLine, 3);
    assert.equal(at('0')!.endLine, 4);
    assert.equal(m.byLine.get(4)!.name, 'log', 'any line of a start tag binds');
    assert.equal(at('1 1 1')!.name, 'drop', 'then branch is 1');
    assert.equal(at('1 0 0')!.name, 'property', 'else branch is 0');
    assert.equal(at('2 2 1')!.name, 'drop', 'the 2nd case is 2');
    assert.equal(at('2 0 0')!.name, 'respond', 'default is 0');
    assert.equal(at('3 1 1')!.name, 'log', 'clone target 1, child 1');
    assert.equal(at('4 0')!.name, 'log', 'iterate: the child index directly');
    assert.equal(m.byLine.get(2), undefined, 'a comment line binds nothing');
    assert.equal(
      m.mediators.every((x) => x.root.type === 'named' && x.root.artifact === 'S'),
      true,
    );
  });

  it('indexes API resources, proxies, templates and inbound endpoints', () => {
    const api = buildFileModel(
      'A.xml',
      `<api ${NS} name="A" context="/a" version="2" version-type="url">
  <resource methods="GET POST" uri-template="/x/{id}"><inSequence><log/></inSequence><faultSequence><drop/></faultSequence></resource>
  <resource methods="PUT" url-mapping="/y/*"><inSequence><respond/></inSequence></resource>
</api>`,
    );
    assert.equal(api.artifacts[0].name, 'A:v2');
    assert.deepEqual(
      api.artifacts[0].resources.map((r) => [r.methods, r.uriTemplate ?? r.urlMapping]),
      [
        [['GET', 'POST'], '/x/{id}'],
        [['PUT'], '/y/*'],
      ],
    );
    assert.deepEqual(
      api.mediators.map((x) => `${x.name}:${x.root.type}:${x.root.resource?.methods.join(',')}`),
      ['log:api_inseq:GET,POST', 'drop:api_faultseq:GET,POST', 'respond:api_inseq:PUT'],
    );
    const proxy = buildFileModel(
      'P.xml',
      `<proxy ${NS} name="P"><target><inSequence><log/></inSequence><outSequence><send/></outSequence></target></proxy>`,
    );
    assert.deepEqual(
      proxy.mediators.map((x) => x.root.type),
      ['proxy_inseq', 'proxy_outseq'],
    );
    const tpl = buildFileModel(
      'T.xml',
      `<template ${NS} name="T"><parameter name="p"/><sequence><log/></sequence></template>`,
    );
    assert.equal(tpl.mediators[0].root.type, 'template');
    const ib = buildFileModel('I.xml', `<inboundEndpoint ${NS} name="I" sequence="S" protocol="http"/>`);
    assert.equal(ib.artifacts[0].sequence, 'S');
    const broken = buildFileModel('B.xml', `<sequence ${NS} name="B"><log><`);
    assert.ok(broken.mediators.length >= 1, 'a half-typed file still yields its mediators');
  });

  it('pretty-prints XML payloads for display', () => {
    assert.equal(
      prettyXml('<a><b>1</b><c/><d><e>x</e></d></a>'),
      '<a>\n  <b>1</b>\n  <c/>\n  <d>\n    <e>x</e>\n  </d>\n</a>',
    );
    assert.equal(prettyXml('not xml'), 'not xml');
  });

  it('hit conditions and completions', () => {
    assert.equal(hitMatches('3', 3), true);
    assert.equal(hitMatches('3', 2), false);
    assert.equal(hitMatches('>=2', 5), true);
    assert.equal(hitMatches('%2', 4), true);
    assert.equal(hitMatches('%2', 3), false);
    assert.match(String(hitMatches('often', 1)), /Invalid hit count/);
    const c = completionsFor('$ctx:ma', 8, {
      properties: ['mark', 'other'],
      axis2: [],
      headers: [],
      variables: [],
      templateParameters: [],
      payloadKeys: [],
    });
    assert.deepEqual(
      c.map((x) => [x.label, x.start, x.length]),
      [['mark', 5, 2]],
    );
  });

  it('flow points round-trip between command JSON and our form; events use "mapping"', () => {
    const cmd = {
      'mediation-component': 'sequence',
      sequence: {
        api: {
          'api-key': 'A',
          resource: { method: 'GET', 'uri-template': '/x' },
          'sequence-type': 'API_INSEQ',
          'mediator-position': '0 1',
        },
      },
    };
    const p = parseFlowPoint(cmd);
    assert.ok(typeof p !== 'string');
    assert.deepEqual(flowPointJson(p), {
      ...cmd,
      sequence: { api: { ...cmd.sequence.api, 'sequence-type': 'api_inseq' } },
    });
    assert.deepEqual((flowPointJson(p, true).sequence as { api: { resource: unknown } }).api.resource, {
      method: 'GET',
      mapping: '/x',
    });
    assert.match(String(parseFlowPoint({ 'mediation-component': 'sequence', sequence: {} })), /required/);
  });

  it('reads lines across chunks and refuses a runaway line', async () => {
    const got: string[] = [];
    let errored = false;
    const server = createServer((s: Socket) => {
      readLines(s, (l) => got.push(l), 64);
      s.on('error', () => (errored = true));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const c = connect({ host: '127.0.0.1', port });
    await new Promise((r) => c.once('connect', r));
    c.write('{"a":');
    c.write('1}\n{"b":2}\r\n');
    c.write('x'.repeat(200));
    await new Promise((r) => c.once('close', r));
    server.close();
    assert.deepEqual(got, ['{"a":1}', '{"b":2}']);
    assert.equal(errored, true);
  });
});
