import assert from 'node:assert/strict';
import { parseXml, walkElements, type XmlElement } from '../../core/xml';
import {
  SYNAPSE_NS,
  allowedChildren,
  artifactForFolder,
  artifactForRoot,
  getMediator,
  resolveElement,
} from '../../core/catalog';
import { ENDPOINT } from '../../core/catalog/endpoints';
import { RESOURCE } from '../../core/catalog/artifacts';
import { FOREACH_V1, FOREACH_V2 } from '../../core/catalog/mediators';

const NS = `xmlns="${SYNAPSE_NS}"`;

/** The first element with this local name, depth-first (optionally the nth). */
function find(root: XmlElement, local: string, nth = 0): XmlElement {
  let found: XmlElement | undefined;
  let i = 0;
  walkElements(root, (e) => {
    if (found) return false;
    if (e.local === local && i++ === nth) found = e;
  });
  assert.ok(found, `no <${local}>`);
  return found;
}
const root = (xml: string) => parseXml(xml).root!;

describe('catalog: resolve', () => {
  it('resolves filter/then and switch/case mediator lists', () => {
    const r = root(`<sequence ${NS} name="s">
      <filter source="$ctx:a" regex="x.*"><then><log level="full"/></then><else><drop/></else></filter>
      <switch source="//op"><case regex="add"><respond/></case><default><loopback/></default></switch>
    </sequence>`);
    const then = resolveElement(find(r, 'then'));
    assert.equal(then.status, 'known');
    assert.equal(then.decl!.content, 'mediators');
    assert.equal(then.mediator, undefined, 'then is no mediator');
    const log = resolveElement(find(r, 'log'));
    assert.equal(log.mediator, getMediator('log'));
    assert.equal(resolveElement(find(r, 'drop')).mediator!.name, 'drop');
    const kase = resolveElement(find(r, 'case'));
    assert.equal(kase.decl!.name, 'case');
    assert.ok(kase.decl!.attributes.some((a) => a.name === 'regex' && a.required));
    assert.equal(resolveElement(find(r, 'respond')).mediator!.terminal, true);
    assert.equal(resolveElement(find(r, 'loopback')).mediator!.name, 'loopback');
  });

  it('resolves an inline endpoint inside call, and its http child', () => {
    const r = root(`<api ${NS} name="A" context="/a"><resource methods="GET"><inSequence>
      <call><endpoint><http method="get" uri-template="http://h/{uri.var.x}"><timeout><duration>100</duration></timeout></http></endpoint></call>
      <respond/></inSequence></resource></api>`);
    const ep = resolveElement(find(r, 'endpoint'));
    assert.equal(ep.decl, ENDPOINT);
    assert.equal(ep.mediator, undefined);
    const http = resolveElement(find(r, 'http'));
    assert.equal(http.decl!.name, 'http');
    assert.ok(http.decl!.attributes.find((a) => a.name === 'method')!.values!.includes('get'));
    assert.equal(resolveElement(find(r, 'duration')).decl!.content, 'text');
    assert.equal(resolveElement(find(r, 'resource')).decl, RESOURCE);
    assert.equal(resolveElement(find(r, 'inSequence')).decl!.content, 'mediators');
    assert.equal(resolveElement(find(r, 'call')).mediator!.name, 'call');
    assert.equal(artifactForRoot(r)!.kind, 'api');
  });

  it('tells sequence templates from endpoint templates and resolves template/sequence', () => {
    const seqT = root(`<template ${NS} name="T"><parameter name="p"/><sequence><log/></sequence></template>`);
    assert.equal(artifactForRoot(seqT)!.kind, 'sequenceTemplate');
    const s = resolveElement(find(seqT, 'sequence'));
    assert.equal(s.status, 'known');
    assert.equal(s.mediator, undefined, 'the template body is no sequence mediator');
    assert.equal(s.decl!.content, 'mediators');
    assert.equal(resolveElement(find(seqT, 'log')).mediator!.name, 'log');
    const epT = root(
      `<template ${NS} name="E"><parameter name="uri"/><endpoint name="$name"><address uri="$uri"/></endpoint></template>`,
    );
    assert.equal(artifactForRoot(epT)!.kind, 'endpointTemplate');
    assert.equal(resolveElement(find(epT, 'address')).decl!.name, 'address');
    // an endpoint template has no <sequence> child: it is unknown there
    const bad = root(`<template ${NS} name="E"><endpoint><default/></endpoint><sequence/></template>`);
    assert.equal(resolveElement(find(bad, 'sequence')).status, 'unknown');
  });

  it('resolves proxy/target/inSequence and a sequence reference mediator', () => {
    const r = root(
      `<proxy ${NS} name="P"><target><inSequence><sequence key="Other"/><send/></inSequence><outSequence><send/></outSequence></target></proxy>`,
    );
    assert.equal(artifactForRoot(r)!.kind, 'proxy');
    const inSeq = resolveElement(find(r, 'inSequence'));
    assert.equal(inSeq.decl!.name, 'inSequence');
    const ref = resolveElement(find(r, 'sequence'));
    assert.equal(ref.mediator, getMediator('sequence'));
    assert.equal(ref.decl!.attributes.find((a) => a.name === 'key')!.ref, 'sequence');
  });

  it('picks the foreach form by its attributes', () => {
    const r = root(
      `<sequence ${NS} name="s"><foreach expression="//a"><sequence><log/></sequence></foreach><foreach collection="\${payload.a}"><sequence><call/></sequence></foreach></sequence>`,
    );
    assert.equal(resolveElement(find(r, 'foreach', 0)).decl, FOREACH_V1);
    assert.equal(resolveElement(find(r, 'foreach', 1)).decl, FOREACH_V2);
    assert.equal(resolveElement(find(r, 'foreach', 0)).mediator, getMediator('foreach'));
    // a classic foreach may not call a backend; the MI 4.4 form may
    const inner = root(
      `<sequence ${NS} name="s"><foreach expression="//a"><sequence><call/></sequence></foreach></sequence>`,
    );
    assert.equal(resolveElement(find(inner, 'call')).status, 'unknown');
    assert.equal(resolveElement(find(r, 'call')).status, 'known');
  });

  it('treats payload templates and connector parameters as free content, and orphans below unknowns', () => {
    const r = root(`<sequence ${NS} name="s">
      <payloadFactory media-type="xml"><format><order xmlns=""><id>$1</id></order></format><args><arg expression="//id"/></args></payloadFactory>
      <http.post configKey="Conn"><relativePath>/x</relativePath></http.post>
      <nonsense><log/></nonsense>
    </sequence>`);
    assert.equal(resolveElement(find(r, 'order')).status, 'free');
    assert.equal(resolveElement(find(r, 'id')).status, 'free');
    assert.equal(resolveElement(find(r, 'arg')).decl!.name, 'arg');
    const op = resolveElement(find(r, 'http.post'));
    assert.equal(op.connectorOperation, true);
    assert.equal(op.mediator!.category, 'connector');
    assert.equal(resolveElement(find(r, 'relativePath')).status, 'free');
    assert.equal(resolveElement(find(r, 'nonsense')).status, 'unknown');
    assert.equal(resolveElement(find(r, 'log')).status, 'orphan');
  });

  it('flags children outside the Synapse namespace', () => {
    const r = root(`<sequence ${NS} name="s"><log xmlns="urn:other"/></sequence>`);
    assert.equal(resolveElement(find(r, 'log')).wrongNamespace, true);
    const ok = root(`<sequence ${NS} name="s"><log/></sequence>`);
    assert.equal(resolveElement(find(ok, 'log')).wrongNamespace, false);
  });

  it('offers the mediators valid at a place', () => {
    const r = root(
      `<sequence ${NS} name="s"><filter xpath="true()"><then/></filter><foreach expression="//a"><sequence/></foreach><call/></sequence>`,
    );
    const inThen = allowedChildren(find(r, 'then'));
    assert.ok(inThen.mediators.some((m) => m.name === 'log'));
    assert.equal(inThen.elements.length, 0);
    const inForeach = allowedChildren(find(r, 'sequence', 1));
    assert.ok(!inForeach.mediators.some((m) => m.name === 'call'), 'no call inside a classic foreach');
    const inCall = allowedChildren(find(r, 'call'));
    assert.deepEqual(inCall.mediators, []);
    assert.deepEqual(
      inCall.elements.map((c) => c.name),
      ['endpoint', 'source', 'target'],
    );
    const top = allowedChildren(r);
    assert.ok(top.mediators.length > 40);
    assert.ok(top.elements.some((c) => c.name === 'description'));
  });

  it('resolves whole configurations and the other configuration roots', () => {
    const defs = root(
      `<definitions ${NS}><import name="http" package="org.wso2.carbon.connector" status="enabled"/><sequence name="main"><log/></sequence><template name="T"><endpoint><default/></endpoint></template><proxy name="P"><target><inSequence><drop/></inSequence></target></proxy></definitions>`,
    );
    assert.equal(artifactForRoot(defs), undefined);
    assert.equal(resolveElement(defs).status, 'known');
    assert.equal(resolveElement(find(defs, 'import')).decl!.name, 'import');
    assert.equal(resolveElement(find(defs, 'log')).mediator!.name, 'log');
    assert.equal(
      resolveElement(find(defs, 'default')).decl!.name,
      'default',
      'a template with an endpoint inside definitions is an endpoint template',
    );
    assert.equal(resolveElement(find(defs, 'drop')).status, 'known');
    const exec = root(
      `<priorityExecutor ${NS} name="E"><queues><queue size="10" priority="5"/></queues><threads max="10" core="2" keep-alive="5"/></priorityExecutor>`,
    );
    assert.equal(resolveElement(exec).status, 'known');
    assert.equal(resolveElement(find(exec, 'queue')).decl!.name, 'queue');
    assert.equal(resolveElement(root(`<project/>`)).status, 'unknown');
  });

  it('maps project folders to artifact kinds', () => {
    assert.equal(artifactForFolder('apis')!.kind, 'api');
    assert.equal(artifactForFolder('api')!.kind, 'api');
    assert.equal(artifactForFolder('proxy-services')!.kind, 'proxy');
    assert.equal(artifactForFolder('message-processors')!.carType, 'synapse/message-processors');
    assert.equal(artifactForFolder('data-services')!.kind, 'dataService');
    assert.equal(artifactForFolder('nope'), undefined);
  });
});
