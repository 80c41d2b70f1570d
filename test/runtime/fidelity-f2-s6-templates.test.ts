/**
 * Templates and the messages an iterate/clone makes (helper F2, session 6), with our own fixtures over real HTTP.
 *
 * MI keeps the template parameters of a message in one stack object (SYNAPSE__FUNCTION__STACK). Three facts of the
 * Synapse sources decide what a `$func:` read sees:
 * - TemplateMediator.mediate pops its frame only when the template's sequence returned true: a message the aggregate
 *   collected (false) keeps the frame of the template that holds the aggregate;
 * - SynapseCallbackReceiver copies the request's properties by reference into the response context, so an answer
 *   sees (and pushes onto) the very stack of the copy that was sent;
 * - MessageHelper.cloneMessageContext gives each iterate/clone copy its own copy of the stack.
 * So with an aggregate inside a template whose onComplete expression is a `{{xpath}}` parameter, every collected
 * answer still resolves `$func:` when the group completes, and the aggregate merges all of them (MI tests-mediator-1
 * callTemplate/CallTemplateWithValuesAndExpressionTestCase: 4 answers, ours had merged 1).
 */
import assert from 'node:assert/strict';
import { send, startBackend, startRuntime, NS, type Backend, type TestRuntime } from './helpers';

const SOAP = 'http://schemas.xmlsoap.org/soap/envelope/';

describe('runtime fidelity (F2 s6): template parameters of iterated and collected messages', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((req, res) => {
      const part = /<w:part>(\w+)<\/w:part>/.exec(req.body)?.[1] ?? 'none';
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<e:Envelope xmlns:e="${SOAP}"><e:Body><w:made xmlns:w="urn:workshop"><w:item>${part}</w:item></w:made></e:Body></e:Envelope>`,
      );
    });
    t = await startRuntime({
      'SplitParts.xml': `<template ${NS} name="SplitParts"><parameter name="each"/><parameter name="under"/>
        <sequence><iterate xmlns:w="urn:workshop" preservePayload="true" attachPath="$func:under" expression="$func:each">
          <target><sequence><send><endpoint><address uri="${be.url}/make"/></endpoint></send></sequence></target>
        </iterate></sequence></template>`,
      'GatherParts.xml': `<template ${NS} name="GatherParts"><parameter name="pick"/><sequence>
          <aggregate><completeCondition><messageCount min="-1" max="-1"/></completeCondition>
            <onComplete expression="$func:pick"><send/></onComplete></aggregate>
        </sequence></template>`,
      'Workshop.xml': `<proxy ${NS} name="Workshop" transports="http"><target>
        <inSequence><call-template target="SplitParts" xmlns:w="urn:workshop">
            <with-param name="each" value="{{//w:order/w:part}}"/><with-param name="under" value="{{//w:order}}"/>
        </call-template></inSequence>
        <outSequence><call-template target="GatherParts" xmlns:w="urn:workshop">
            <with-param name="pick" value="{{//w:made}}"/></call-template></outSequence>
      </target></proxy>`,
      'CopyOrder.xml': `<template ${NS} name="CopyOrder"><sequence><clone>${['left', 'right', 'spare']
        .map(
          (
            side,
          ) => `<target><sequence><payloadFactory media-type="xml"><format><w:order xmlns:w="urn:workshop">
            <w:part>${side}</w:part></w:order></format><args/></payloadFactory>
            <send><endpoint><address uri="${be.url}/make"/></endpoint></send></sequence></target>`,
        )
        .join('')}</clone></sequence></template>`,
      'Pedals.xml': `<proxy ${NS} name="Pedals" transports="http"><target>
        <inSequence><call-template target="CopyOrder"/></inSequence>
        <outSequence><call-template target="GatherParts" xmlns:w="urn:workshop">
            <with-param name="pick" value="{{//w:made/w:item}}"/></call-template></outSequence>
      </target></proxy>`,
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('the aggregate in a template merges every answer when its expression is a {{xpath}} parameter', async () => {
    const parts = ['wheel', 'frame', 'seat', 'chain'];
    const r = await send(`${t.base}/services/Workshop`, {
      body: `<e:Envelope xmlns:e="${SOAP}"><e:Body><w:order xmlns:w="urn:workshop">${parts
        .map((p) => `<w:part>${p}</w:part>`)
        .join('')}</w:order></e:Body></e:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:make' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(be.requests.length, 4);
    const got = [...r.text.matchAll(/<w:item>(\w+)<\/w:item>/g)].map((m) => m[1]).sort();
    assert.deepEqual(got, [...parts].sort(), r.text);
  });

  it('the same for the answers of clone copies made in a template', async () => {
    const before = be.requests.length;
    const r = await send(`${t.base}/services/Pedals`, {
      body: `<e:Envelope xmlns:e="${SOAP}"><e:Body><w:order xmlns:w="urn:workshop"/></e:Body></e:Envelope>`,
      type: 'text/xml',
      headers: { SOAPAction: 'urn:make' },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(be.requests.length - before, 3);
    const got = [...r.text.matchAll(/<w:item[^>]*>(\w+)<\/w:item>/g)].map((m) => m[1]).sort();
    assert.deepEqual(got, ['left', 'right', 'spare'], r.text);
  });
});
