/**
 * Configurations shaped like the ones Micro Integrator 4.4's documentation shows (our own names and payloads) get no
 * false error: what MI deploys is not an error. Where MI refuses the configuration the finding stays.
 */
import assert from 'node:assert/strict';
import { validateFile } from '../../core/validate';
import { ProjectIndex } from '../../core/project';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function findings(text: string, file = '/tmp/DocShaped.xml') {
  const index = new ProjectIndex();
  const model = index.setFile(file, text);
  return validateFile(model, index, { layout: 'bare' }).map((f) => {
    const p = model.lines.positionAt(f.span.start);
    return { code: f.code, severity: f.severity, line: p.line + 1, message: f.message };
  });
}

describe('MI 4.4 documentation shapes (D3, session 7)', () => {
  it('an XPath prefix declared nowhere is a warning, not an error: MI deploys it and fails only on evaluation', () => {
    const text = `<sequence ${S} name="ParcelLookup">
  <callout serviceURL="http://127.0.0.1:9/parcels" action="urn:trackParcel">
    <source xpath="env11:Body/child::*[fn:position()=1] | env12:Body/child::*[fn:position()=1]"/>
    <target xpath="env11:Body/child::*[fn:position()=1]"/>
  </callout>
</sequence>`;
    const got = findings(text);
    assert.deepEqual(
      got.map((f) => [f.code, f.severity, f.line]),
      [
        ['EXPR_UNDECLARED_PREFIX', 'warning', 3],
        ['EXPR_UNDECLARED_PREFIX', 'warning', 3],
        ['EXPR_UNDECLARED_PREFIX', 'warning', 4],
      ],
    );
    assert.match(got[0]!.message, /'env11'.*deploys it; evaluating the expression fails/);
    // declared on the element: nothing to say
    const declared = text.replace(
      '<source ',
      '<source xmlns:env11="http://schemas.xmlsoap.org/soap/envelope/" xmlns:env12="http://www.w3.org/2003/05/soap-envelope" ',
    );
    assert.deepEqual(
      findings(declared).map((f) => [f.code, f.line]),
      [['EXPR_UNDECLARED_PREFIX', 4]],
    );
  });

  it('a prefixed function whose prefix is undeclared is a warning too', () => {
    const got = findings(
      `<sequence ${S} name="Fx"><property name="p" expression="zz:shout('a')"/></sequence>`,
    );
    assert.deepEqual(
      got.map((f) => [f.code, f.severity]),
      [['EXPR_UNDECLARED_PREFIX', 'warning']],
    );
  });

  it('dblookup and dbreport with a connection and no statement deploy (AbstractDBMediatorFactory reads none)', () => {
    const text = `<sequence ${S} name="WarehouseDb">
  <dblookup>
    <connection><pool>
      <driver key="conf:/warehouse/driver"/><url key="conf:/warehouse/url"/>
      <user key="conf:/warehouse/user"/><password key="conf:/warehouse/secret"/>
    </pool></connection>
  </dblookup>
  <dbreport>
    <connection><pool><dsName>jdbc/warehouse</dsName></pool></connection>
  </dbreport>
</sequence>`;
    assert.deepEqual(
      findings(text).filter((f) => f.code !== 'SYN200'),
      [],
    );
    // the connection stays required
    const noConnection = `<sequence ${S} name="W2"><dblookup/></sequence>`;
    assert.deepEqual(
      findings(noConnection).map((f) => f.code),
      ['SYN106'],
    );
  });

  it('keeps the real finding: store with a lower-case messagestore attribute (MI: the store mediator must name a store)', () => {
    const got = findings(`<sequence ${S} name="Parking"><store messagestore="{//q}"/></sequence>`);
    assert.deepEqual(got.map((f) => [f.code, f.severity]).sort(), [
      ['SYN101', 'warning'],
      ['SYN102', 'error'],
    ]);
  });
  it('call-template: an undeclared with-param (MI ignores it) and a missing mandatory one (fails at run time) are warnings', () => {
    const index = new ProjectIndex();
    index.setFile(
      '/tmp/proj/Greeter.xml',
      `<template ${S} name="Greeter"><parameter name="salutation" isMandatory="true"/><parameter name="tone"/>` +
        `<sequence><log level="custom"><property name="g" expression="$func:salutation"/></log></sequence></template>`,
    );
    const caller = index.setFile(
      '/tmp/proj/Caller.xml',
      `<sequence ${S} name="Caller"><call-template target="Greeter"><with-param name="salutation" value="hi"/>` +
        `<with-param name="volume" value="loud"/></call-template><call-template target="Greeter"/></sequence>`,
    );
    const got = validateFile(caller, index, { layout: 'bare' }).map((f) => [f.code, f.severity, f.message]);
    assert.equal(got.length, 2, JSON.stringify(got));
    assert.deepEqual(got[0]!.slice(0, 2), ['SYN504', 'warning']);
    assert.match(String(got[0]![2]), /no parameter 'volume'.*ignores it/);
    // TemplateContext.setupParams throws for a mandatory parameter without a value (its default is not used);
    // InvokeMediatorFactory deploys the call (as call-template-mediator.md Example 3 shows)
    assert.deepEqual(got[1]!.slice(0, 2), ['SYN504', 'warning']);
    assert.match(String(got[1]![2]), /mandatory parameter 'salutation'.*fails it at run time/);
  });
  it('stray text in a mediator list or an element without content is a warning: MI reads child elements only', () => {
    // injecting-parameters.md shows "-------------" as a placeholder inside <inSequence>; MI deploys it
    const got = findings(`<proxy ${S} name="Courier"><target><inSequence>
      ---- mediators go here ----
      <respond>done</respond>
    </inSequence></target></proxy>`);
    assert.deepEqual(
      got.map((f) => [f.code, f.severity, f.line]),
      [
        ['SYN111', 'warning', 2],
        ['SYN111', 'warning', 3],
      ],
    );
    assert.match(got[0]!.message, /<inSequence> takes no text: Micro Integrator ignores it/);
  });
  it('an XPath with an unknown function, a wrong argument count or an unknown variable is a warning (Jaxen resolves them when evaluating)', () => {
    const got = findings(`<sequence ${S} name="Fns">
  <filter xpath="shout(//parcel)"><then><drop/></then></filter>
  <property name="p" expression="concat('only-one')"/>
  <property name="q" expression="\${shout(payload.parcel)}"/>
  <property name="r" expression="$parcelId"/>
  <property name="s" expression="\${parcelId.x}"/>
</sequence>`);
    assert.deepEqual(
      got.map((f) => [f.code, f.severity, f.line]),
      [
        ['EXPR_UNKNOWN_FUNCTION', 'warning', 2],
        ['EXPR_BAD_ARITY', 'warning', 3],
        // a Synapse expression's parser checks function names when MI deploys it (ExpressionParser): still an error
        ['EXPR_UNKNOWN_FUNCTION', 'error', 4],
        // an unknown XPath variable: SynapseXPathVariableContext resolves it when evaluating
        ['EXPR_UNKNOWN_VARIABLE', 'warning', 5],
        // an unknown root in a Synapse expression is a syntax error for MI's parser: still an error
        ['EXPR_UNKNOWN_VARIABLE', 'error', 6],
      ],
    );
    assert.match(got[0]!.message, /evaluating the XPath fails/);
  });
  it('a boolean written otherwise than true/false is a warning (MI reads it with parseBoolean or one comparison), except where MI refuses it', () => {
    const got = findings(`<sequence ${S} name="Bools">
  <call blocking="TRUE"><endpoint><address uri="http://127.0.0.1:9/parcels"/></endpoint></call>
  <clone sequential="yes"><target sequence="Bools"/></clone>
  <makefault version="soap11" response="TRUE"><code value="soap11Env:Client" xmlns:soap11Env="http://schemas.xmlsoap.org/soap/envelope/"/><reason value="r"/></makefault>
</sequence>`);
    assert.deepEqual(
      got.map((f) => [f.code, f.severity, f.line]),
      [
        // blocking="TRUE": CallMediatorFactory reads it with Boolean.parseBoolean, which takes any case: MI uses it
        // as true, nothing to say (R2, s8)
        ['SYN104', 'warning', 3],
        // FaultMediatorFactory: "true".equals / "false".equals, else Invalid value ... for response
        ['SYN104', 'error', 4],
      ],
    );
    assert.match(got[0]!.message, /deploys it but reads it as one of the two/);
  });
});
