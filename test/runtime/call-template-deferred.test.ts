/**
 * call-template with a `{{xpath}}` with-param value: MI hands the expression to the template unevaluated
 * (TemplateContext.getEvaluatedParamValue) and it is evaluated where `$func:` reads it, on the message as it is then.
 * Our own fixture: a template iterates over `$func:each` and posts each item to a back end on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';
import { until } from '../support';

describe('runtime: call-template with a {{xpath}} parameter', () => {
  let t: TestRuntime;
  let be: Backend;
  before(async () => {
    be = await startBackend((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/xml' });
      res.end('<ok/>');
    });
    t = await startRuntime({
      'PostEach.xml': `<template ${NS} name="PostEach"><parameter name="each"/><sequence>
<iterate expression="$func:each" xmlns:m="urn:shelf"><target><sequence>
<call><endpoint><http method="post" uri-template="${be.url}/items"/></endpoint></call></sequence></target></iterate>
</sequence></template>`,
      'Shelf.xml': api(
        'Shelf',
        '/shelf',
        `<call-template target="PostEach" xmlns:m="urn:shelf"><with-param name="each" value="{{//m:shelf/m:book}}"/></call-template>
<property name="HTTP_SC" scope="axis2" value="200"/><payloadFactory media-type="xml"><format><done/></format><args/></payloadFactory><respond/>`,
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  it('the template iterates over the nodes the expression selects', async () => {
    const r = await send(`${t.base}/shelf`, {
      body: '<m:shelf xmlns:m="urn:shelf"><m:book>one</m:book><m:book>two</m:book><m:book>three</m:book></m:shelf>',
      type: 'application/xml',
    });
    assert.equal(r.status, 200, r.text);
    await until('three calls at the back end', () => be.requests.length >= 3);
    assert.deepEqual(be.requests.map((q) => /<m:book[^>]*>(\w+)<\/m:book>/.exec(q.body)?.[1]).sort(), [
      'one',
      'three',
      'two',
    ]);
  });
});
