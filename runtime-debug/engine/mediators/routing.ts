/** Routing: call (source/target), send (receive / out-sequence), call-template (with-param, $func:, functionParams). */
import { apiResponseCors } from '../cors';
import * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, textContent } from '../../../core/xml';
import { compileExpr, compileValue, type Expr } from '../expressions';
import { deferredParam } from '../expr/xpath';
import { endpointRef, registerMediator } from '../compile';
import { addressEndpointFor, WSA_ANONYMOUS } from '../endpoints';
import { stringOf, type MessageContext } from '../context';
import { MediationError } from '../errors';
import { artifactLabel, type Executor } from '../executor';
import type { EndpointRef, GroupEndpointDef, Mediator, SequenceDef, SequenceRef } from '../model';
import { forkForAggregate } from './eip';
import { parseXmlElement, serializeXml } from '../payloadXml';
import { serializeSource } from '../xmlSource';
import { compareIgnoreCase, isNode, isResponse, isTrueExplicitly, parseBoolean } from './util';
import {
  blockingRest,
  blockingSend,
  connectionFailure,
  isNoTransport,
  failBlocking,
  keepBlockingAnswer,
  keepRequest,
  type BlockingFailure,
} from './blockingSender';
import { base } from './util';
import { markPlainCall, markPlainSend } from '../relay';
import { keep, messageAsResponse, restore } from '../connectors/operation';

registerMediator('call', (el, cc) => {
  const ep: EndpointRef | undefined = endpointRef(firstChild(el, 'endpoint'), cc);
  const src = firstChild(el, 'source');
  const tgt = firstChild(el, 'target');
  const sType = src ? (attrValue(src, 'type') ?? 'body') : undefined;
  const sContentType = src ? attrValue(src, 'contentType') : undefined;
  const sText = src ? textContent(src).trim() : '';
  const sInlineEl = src && sType === 'inline' ? childElements(src)[0] : undefined;
  const sInline = sInlineEl ? serializeSource(cc.text, sInlineEl) : sText;
  const sExpr: Expr | undefined = src && sType === 'custom' && sText ? cc.exprText(src, sText) : undefined;
  const tType = tgt ? (attrValue(tgt, 'type') ?? 'body') : undefined;
  const tNameText = tgt ? textContent(tgt).trim() : '';
  // CallMediatorFactory.populateTarget: a type MediatorEnrichUtil.convertTypeToInt does not know (as written) is
  // refused, as is a variable target without a name; envelope, custom and inline deploy and act as body (the target
  // is not "available": the response replaces the body)
  if (tgt && !['envelope', 'body', 'property', 'custom', 'inline', 'variable'].includes(tType!))
    cc.problem(tgt, 'RT_BAD_TARGET', `Un-expected type : ${tType}`);
  else if (tType === 'variable' && !textContent(tgt!))
    cc.problem(tgt!, 'RT_BAD_TARGET', 'Variable name is required for VARIABLE type');
  const tName = tNameText.startsWith('{') ? compileValue(tNameText, cc.ns(tgt!)) : undefined;
  const custom = !!src || (!!tgt && tType !== 'body');
  const blocking = parseBoolean(attrValue(el, 'blocking')); // CallMediatorFactory: Boolean.parseBoolean
  // CallMediatorFactory.populateSource: only a custom, property or inline source is "available" (used)
  const sourceAvailable = !!src && (sType === 'custom' || sType === 'property' || sType === 'inline');
  // CallMediator.sourceMessageType: the <source contentType>, else the first message's messageType, kept by the
  // mediator for every later message (a field set once: `if (sourceMessageType == null)`)
  let firstType: string | undefined;
  const callEndpoint = blocking
    ? (c: MessageContext, ex: Executor) => callBlocking(ep, c, ex)
    : (c: MessageContext, ex: Executor) => {
        c.answeredByCall = true;
        return ex.callEndpoint(ep, c);
      };
  const mediator: Mediator = {
    // a blocking call is content-aware (CallMediator.isContentAware): the request is built before it goes
    ...base(el, cc, custom || blocking),
    mediate(ctx, ex) {
      // a plain call answers with the endpoint's own promise (it settles with nothing: go on unless stopped)
      return custom ? callCustom(ctx, ex) : callEndpoint(ctx, ex);
    },
  };
  // (a flow of this call and respond may take the relay path: relay.ts)
  if (!custom && !blocking && ep) markPlainCall(mediator, ep);
  return mediator;

  async function callCustom(ctx: MessageContext, ex: Executor): Promise<boolean> {
    // keep the original message when the response goes to a property/variable
    const saved = {
      payload: ctx.payload,
      headers: ctx.headers.entries(),
      sc: ctx.axis2.get('HTTP_SC'),
      mt: ctx.axis2.get('messageType'),
      named: ctx.axis2.get('ContentType'),
    };
    // CallMediator: originalMessageType, the messageType the message has before the call
    const type = ctx.getProperty('messageType', 'axis2');
    const original = typeof type === 'string' ? type : undefined;
    if (sContentType === undefined && firstType === undefined) firstType = original;
    const sourceType = sContentType ?? firstType;
    // CallMediatorFactory.populateSource uses only custom, property and inline (as written): with any other type
    // the source is not used and the body goes
    if (sourceAvailable) {
      const p = ctx.payload.clone();
      let ct = sContentType;
      if (sType === 'property') {
        const v = ctx.props.get(sText);
        setPayloadValue(p, v, ct);
      } else if (sType === 'inline') {
        const rendered = sInline;
        if (rendered.startsWith('<')) {
          p.setXmlRoot(parseXmlElement(rendered));
          ct = ct ?? 'application/xml';
        } else {
          setPayloadValue(p, tryJson(rendered), ct);
          ct = ct ?? (typeof tryJson(rendered) === 'object' ? 'application/json' : 'text/plain');
        }
      } else if (sExpr) {
        const v = sExpr.kind === 'xpath' ? (sExpr.nodes(ctx)[0] ?? sExpr.string(ctx)) : sExpr.value(ctx);
        setPayloadValue(p, v, ct);
      }
      ctx.payload = p;
      if (ct) {
        // MediatorEnrichUtil.setContentType: messageType, ContentType and the Content-Type transport header
        ctx.axis2.set('messageType', ct);
        ctx.axis2.set('ContentType', ct);
        ctx.headers.set('Content-Type', ct);
        p.contentType = ct;
      }
    } else {
      // a <source> of another type (body, envelope) leaves the source not "available" (populateSource): MI's
      // mediate then neither enriches nor sets the content type, the message goes in its own type; a <target>
      // alone makes a body source that is (CallMediatorFactory), so a later message goes in the first one's type
      if (
        !src &&
        sourceType !== undefined &&
        original !== undefined &&
        sourceType.toLowerCase() !== original.toLowerCase()
      )
        // a later message of another type goes out in the first one's (MediatorEnrichUtil.setContentType)
        ctx.setProperty('messageType', sourceType, 'axis2');
      // the response replaces this copy, not the message's own payload
      if (tType === 'property' || tType === 'variable') ctx.payload = ctx.payload.clone(true);
    }
    // a blocking call leaves the message's JSON stream (what went out) in place when the answer is not JSON
    // (BlockingMsgSender sets the answer's envelope and clones only a JSON answer's stream)
    const sentJson =
      blocking && ctx.payload.kind === 'json' && !ctx.payload.isEmpty() ? ctx.payload.json() : undefined;
    await callEndpoint(ctx, ex);
    if (ctx.stopped) return false;
    if (tType === 'property' || tType === 'variable') {
      if (ctx.payload.streaming) await ctx.payload.build();
      const resp = ctx.payload;
      // CallMediator.postMediate -> MediatorEnrichUtil.doEnrich reads the response by the source's message type
      // (the <source contentType>, else the first message's messageType), not by the response's own:
      // application/json takes its JSON (an answer that is not JSON gives {}: JsonUtil.jsonPayloadToString),
      // text/plain the text of its first element (into a property only: a variable target is left unset there),
      // any other type its first element (a JSON answer as built, <jsonObject>; none: the empty node list).
      // Without a known type (a HEAD, or a GET with a Content-Type other than a form one), the response's own kind
      // decides.
      let value: unknown;
      if (sourceType === 'application/json') {
        // Source.evaluateJson(BODY): JsonUtil.jsonPayloadToString, "{}" when the answer has no JSON stream (an XML,
        // text or empty answer), after its error line; a blocking call's message still holds the stream that went
        // out, which is read instead
        if (resp.kind === 'json' && !resp.isEmpty()) value = resp.json();
        else {
          ex.log(
            'ERROR',
            'MediatorEnrichUtil',
            artifactLabel(ctx),
            'JSON payload not found in message context',
          );
          value = sentJson ?? {};
        }
      } else if (resp.isEmpty()) value = sourceType !== undefined && tType === 'variable' ? [] : undefined;
      else if (sourceType === 'text/plain')
        value = resp.kind === 'text' ? resp.text() : ownText(resp.rootElement());
      else if (sourceType !== undefined) value = resp.rootElement();
      else
        value = resp.kind === 'json' ? resp.json() : resp.kind === 'xml' ? resp.rootElement() : resp.text();
      const status = ctx.axis2.get('HTTP_SC');
      // Target.insert / insertJson (VARIABLE): the headers are EIPUtils.convertMapToJsonObj of the answer's
      // transport headers, a TreeMap ordered by compareToIgnoreCase (ClientWorker)
      const headers = Object.fromEntries(
        [...ctx.headers.entries()].sort((a, b) => compareIgnoreCase(a[0], b[0])),
      );
      // CallMediator.postMediate puts the request back (its body, transport headers and types) only when the
      // source is available (a <target> alone, or a custom, property or inline <source>); after a <source> of
      // another type (body, envelope) the answer stays the message and only its copy goes to the target
      if (!src || sourceAvailable) {
        ctx.payload = saved.payload;
        ctx.headers.clear();
        for (const [k, v] of saved.headers) ctx.headers.set(k, v);
        // the message's own types back (a blocking call names the request's explicitly)
        if (saved.mt !== undefined) ctx.axis2.set('messageType', saved.mt);
        else ctx.axis2.delete('messageType');
        if (saved.named !== undefined) ctx.axis2.set('ContentType', saved.named);
        else ctx.axis2.delete('ContentType');
      }
      const name = tName ? tName.string(ctx) : tNameText;
      if (tType === 'property') ctx.props.set(name, value);
      else if (sourceType !== 'text/plain')
        ctx.vars.set(name, { payload: value, headers, attributes: { statusCode: status } });
      ctx.axis2.set('HTTP_SC', status);
    }
    return true;
  }
});

/**
 * call blocking="true": MI's blocking sender (an Axis2 client) calls the endpoint and judges the answer by its status
 * and body (blockingSender.ts has the rules and their sources): a failure leaves the request as the message, with
 * ERROR_CODE / ERROR_MESSAGE / ERROR_DETAIL and HTTP_SC as MI sets them, and the fault handler runs.
 */
const FORCE_ERROR = 'FORCE_ERROR_ON_SOAP_FAULT';

async function callBlocking(ep: EndpointRef | undefined, ctx: MessageContext, ex: Executor): Promise<void> {
  // the axis2 property enableREST "true", copied to the client's message (BlockingMsgSenderUtils.setProperties), makes
  // the call REST when it is sent (CommonsHTTPTransportSender.invoke: TransportUtils.isDoingREST): its body written by
  // its message type's REST formatter (POX for text/xml, MessageProcessorSelector), no SOAPAction of its own
  // (HTTPSender; the transport headers still go: addCustomHeaders), the answer read as REST (OutInAxisOperation gives
  // it the request's doingREST); the message's own doingREST is left
  const enableRest = isTrueExplicitly(ctx.getProperty('enableREST', 'axis2'));
  const rest = enableRest || blockingRest(ep, ctx, ex);
  const req = await keepRequest(ctx);
  if (!enableRest || ctx.doingRest) return callBlockingAs(ep, ctx, ex, rest, req);
  ctx.restOverride = true;
  try {
    // (the REST URL postfix still goes by the message's own doingREST, false here: BlockingMsgSenderUtils)
    return await callBlockingAs(ep, ctx, ex, rest, req, false);
  } catch (e) {
    // (the message's own headers: the client's message was another one)
    ctx.headers.replaceWith(req.headers);
    throw e;
  } finally {
    ctx.restOverride = req.restOverride;
  }
}

async function callBlockingAs(
  ep: EndpointRef | undefined,
  ctx: MessageContext,
  ex: Executor,
  rest: boolean,
  req: Awaited<ReturnType<typeof keepRequest>>,
  ownRest = ctx.doingRest,
): Promise<void> {
  // the caller's HTTP_SC_DESC: BlockingMsgSender sets no reason phrase (the client's one is only read for its message)
  const desc = ctx.axis2.get('HTTP_SC_DESC');
  // FORCE_ERROR_ON_SOAP_FAULT: the blocking client throws for a fault answer only when it is "true"
  // (BlockingMsgSenderUtils.fillClientOptions); dropped so that the non-blocking rule does not judge it again
  const force = ctx.ownProp(FORCE_ERROR);
  if (force !== undefined) ctx.dropProp(FORCE_ERROR);
  let f: BlockingFailure | undefined;
  try {
    f = await blockingSend(ep, ctx, ex, rest, req, force === 'true', ownRest);
  } catch (e) {
    if (
      !(e instanceof MediationError) ||
      (!isNoTransport(e) && (typeof e.code !== 'number' || e.code < 101000 || e.code >= 102000))
    )
      throw e;
    f = connectionFailure(e);
  } finally {
    if (force !== undefined) ctx.props.set(FORCE_ERROR, force);
  }
  if (ctx.stopped) {
    // the endpoint's discard action dropped the failure (AbstractEndpoint.onFault): CallMediator.handleBlockingCall
    // finds BLOCKING_SENDER_ERROR "true" and no fault sequence run, logs this and stops the flow
    ex.log(
      'ERROR',
      'CallMediator',
      artifactLabel(ctx),
      'Error while performing the call operation in blocking mode',
    );
    return;
  }
  if (desc === undefined) ctx.axis2.delete('HTTP_SC_DESC');
  else ctx.axis2.set('HTTP_SC_DESC', desc);
  if (f) throw failBlocking(ctx, req, f);
  // BlockingMsgSender changes only the envelope and HTTP_SC: the request's headers, message type, ContentType and
  // NO_ENTITY_BODY stay (a GET answered with the blocking call's result has no body in MI)
  await keepBlockingAnswer(ctx, req);
}

/** An element's own text (Axiom OMElement.getText: its text children, not its descendants'). */
function ownText(el: slimdom.Element | undefined): string {
  let t = '';
  if (el) for (const n of el.childNodes) if (n.nodeType === 3 || n.nodeType === 4) t += n.nodeValue ?? '';
  return t;
}

function tryJson(t: string): unknown {
  try {
    return JSON.parse(t);
  } catch {
    return t;
  }
}

function setPayloadValue(p: import('../payload').Payload, v: unknown, ct: string | undefined): void {
  if (isNode(v)) {
    if (v.nodeType === 1) p.setXmlRoot(v as slimdom.Element);
    else p.setText(v.textContent ?? '');
  } else if (v && typeof v === 'object') p.setJson(v);
  else if (ct && ct.includes('json')) p.setJson(tryJson(stringOf(v)));
  else if (ct && ct.includes('xml')) p.setXmlRoot(parseXmlElement(stringOf(v)));
  else p.setText(stringOf(v));
}

registerMediator('send', (el, cc) => {
  const ep = endpointRef(firstChild(el, 'endpoint'), cc);
  const receive = attrValue(el, 'receive') !== undefined ? cc.value(el, 'receive') : undefined;
  // an inline endpoint is known now; a named one may be a recipient list (looked at when sending)
  const maybeRecipients = !!ep && (!('inline' in ep) || ep.inline.type === 'recipientlist');
  const mediator: Mediator = {
    ...base(el, cc, false),
    async mediate(ctx, ex) {
      ctx.stopped = true;
      try {
        // no endpoint: a response (or RESPONSE="true", as MI reads it) goes back to the client; with an endpoint
        // the message goes to it whatever its direction (Synapse SendMediator: endpoint.send, the response
        // test is only Axis2SynapseEnvironment.send's, for a send with no endpoint)
        if (!ep && isResponse(ctx)) {
          ctx.response = true;
          await ex.respond(ctx);
          return false;
        }
        // no endpoint: the request is built first, so a SOAP request's wsa:To applies (Axis2SynapseEnvironment.send)
        if (!ep) await ex.addressRequest(ctx);
        // no endpoint, a request and no To address: Axis2 finds no transport to send it with (ClientUtils
        // .inferOutTransport, "cannotInferTransportNoAddr") and Axis2Sender.sendOn fails the mediation, so the fault
        // handler runs (MI Soap11/Soap12FaultWithAttributeResponseFalseTestCase: makefault response="false", send)
        // an anonymous To (an answer's, SynapseCallbackReceiver) names no destination: PassThroughHttpSender
        // writes the message back on the client's connection (getDestinationEPR null -> submitResponse)
        if (!ep && ctx.to === WSA_ANONYMOUS) {
          await ex.respond(ctx);
          return false;
        }
        if (!ep && !ctx.to)
          throw new MediationError(
            0,
            // Axis2Sender.sendOn prefixes the AxisFault's message, Axis2's resource text cannotInferTransportNoAddr
            'Unexpected error during sending message out. Address information does not exist in the Endpoint Reference (EPR).The system cannot infer the transport mechanism.',
          );
        // a default endpoint takes the To address; an answer's is the anonymous one (SynapseCallbackReceiver), which
        // names no destination: PassThroughHttpSender writes the message back to the client (getDestinationEPR null
        // -> submitResponse), as MI tests-patches ESBJAVA4318Testcase's outSequence <send><endpoint><default/>
        if (ep && ctx.to === WSA_ANONYMOUS && ex.resolveEndpoint(ep, ctx).type === 'default') {
          ctx.response = true;
          await ex.respond(ctx);
          return false;
        }
        const outOnly = ctx.props.get('OUT_ONLY');
        if (maybeRecipients && outOnly !== true && outOnly !== 'true') {
          const def = ex.resolveEndpoint(ep!, ctx);
          if (def.type === 'recipientlist') {
            await sendToRecipients(def, ctx, ex, (c) => {
              if (!receive) {
                const out = ex.resolveSequence(c.flow.outSequence as SequenceRef | undefined);
                apiResponseCors(c, out !== undefined);
                return out;
              }
              const k = receive.string(c);
              const s = ex.reg.sequence(k);
              if (!s) throw new MediationError(0, `Receive sequence '${k}' is not deployed`);
              return s;
            });
            return false;
          }
        }
        await ex.callEndpoint(ep, ctx);
        if (outOnly === true || outOnly === 'true') {
          if (ctx.axis2.get('FORCE_SC_ACCEPTED') === true || ctx.axis2.get('FORCE_SC_ACCEPTED') === 'true')
            ctx.axis2.set('HTTP_SC', 202);
          return false;
        }
        if (ctx.stopped && ctx.responded) return false;
        ctx.stopped = false;
        ctx.response = true;
        let seq;
        if (receive) {
          const k = receive.string(ctx);
          seq = ex.reg.sequence(k);
          if (!seq) throw new MediationError(0, `Receive sequence '${k}' is not deployed`);
        } else {
          seq = ex.resolveSequence(ctx.flow.outSequence as SequenceRef | undefined);
          // an API's answer comes back through its resource, which puts the CORS headers (Resource.process)
          apiResponseCors(ctx, seq !== undefined);
        }
        if (seq) {
          if (seq.contentAware && ctx.payload.streaming) await ctx.payload.build();
          await ex.runSequence(seq, ctx);
        } else await ex.respond(ctx);
        ctx.stopped = true;
        return false;
      } catch (e) {
        // a send that failed (no such endpoint, the back end refused...) leaves the message to the fault handling,
        // which runs its mediators in order: MI's MediatorFaultHandler runs the onError sequence on it as it is
        ctx.stopped = false;
        throw e;
      }
    },
  };
  // (a `<send>` with no attribute and no child but its endpoint: a proxy whose inSequence is only one to an endpoint
  // and whose outSequence is only `<send/>` may take the relay path, relay.ts proxyRelayFlowOf)
  if (el.attributes.every((a) => a.name.startsWith('xmlns')) && childElements(el).length === (ep ? 1 : 0))
    markPlainSend(mediator, ep);
  return mediator;
});

/**
 * send to a recipient list as MI's RecipientListEndpoint does it: every recipient gets its own copy of the message,
 * marked as one of n for an aggregate, and every answer goes through the out-sequence (or back to the client) on
 * its own; a recipient that fails runs the fault handling for its copy (onChildEndpointFail -> informFailure).
 */
async function sendToRecipients(
  def: GroupEndpointDef,
  ctx: MessageContext,
  ex: Executor,
  then: (c: MessageContext) => SequenceDef | undefined,
): Promise<void> {
  if (ctx.payload.streaming) await ctx.payload.build();
  const children: EndpointRef[] = [...def.children];
  if (def.dynamicList)
    for (const uri of def.dynamicList.string(ctx).split(',')) {
      const u = uri.trim();
      if (u) children.push({ inline: addressEndpointFor(u, def) });
    }
  if (children.length === 0) throw new MediationError(303000, 'Recipient list has no child endpoint');
  const copies = forkForAggregate(ctx, children.length);
  children.forEach((child, i) => {
    const c = copies[i]!;
    void ex.branch(c, async () => {
      await ex.callEndpoint(child, c);
      if (c.stopped) return;
      c.response = true;
      const seq = then(c);
      if (seq) {
        if (seq.contentAware && c.payload.streaming) await c.payload.build();
        await ex.runSequence(seq, c);
      } else await ex.respond(c);
    });
  });
}

registerMediator('call-template', (el, cc) => {
  const target = attrValue(el, 'target') ?? '';
  if (!target) cc.problem(el, 'RT_MISSING_ATTRIBUTE', 'call-template needs a target');
  const onError = attrValue(el, 'onError');
  const params = childElements(el)
    .filter((c) => c.local === 'with-param')
    .map((p) => {
      const raw = attrValue(p, 'value') ?? textContent(p).trim();
      const name = attrValue(p, 'name') ?? '';
      let expr: Expr | undefined;
      try {
        // {{xpath}}: an expression handed to the template unevaluated, evaluated where $func: reads it (MI
        // TemplateContext.getEvaluatedParamValue)
        const deferred = deferredParam(raw, cc.ns(p));
        if (deferred) return { name, expr: undefined, deferred };
        expr = compileValue(raw, cc.ns(p));
      } catch (e) {
        cc.problem(p, 'EXPR_SYNTAX', `Invalid with-param value '${raw}': ${(e as Error).message}`);
      }
      return { name, expr, deferred: undefined };
    });
  // InvokeMediator.isContentAware: a responseVariable or overwriteBody parameter, or one whose value reads the payload
  const responseVariable = params.find((p) => p.name === 'responseVariable');
  const overwriteBody = params.find((p) => p.name === 'overwriteBody');
  const contentAware =
    responseVariable !== undefined || overwriteBody !== undefined || params.some((p) => p.expr?.payloadAware);
  const thrower = base(el, cc, false);
  return {
    ...base(el, cc, contentAware),
    async mediate(ctx, ex) {
      const tpl = ex.reg.sequenceTemplate(target);
      if (!tpl) {
        // InvokeMediator.mediate: handleException (logged at ERROR, then thrown)
        const msg = `Sequence template ${target} cannot be found`;
        ex.log('ERROR', 'InvokeMediator', artifactLabel(ctx), msg);
        throw new MediationError(0, msg);
      }
      const frame = new Map<string, unknown>();
      for (const p of params)
        if (p.deferred) frame.set(p.name, p.deferred);
        else if (p.expr) frame.set(p.name, valueForParam(p.expr, ctx));
      let missing: MediationError | undefined;
      for (const d of tpl.params) {
        if (!frame.has(d.name)) {
          // TemplateContext.setupParams: a mandatory parameter with no value fails even when it has a default
          if (d.mandatory)
            missing ??= new MediationError(
              500101,
              `Neither a value nor default value is provided for mandatory parameter: ${d.name} in seq-template ${target}`,
            );
          else if (d.defaultValue !== undefined) frame.set(d.name, d.defaultValue);
        }
      }
      const seq =
        onError || tpl.onError ? { ...tpl.sequence, onError: onError ?? tpl.onError } : tpl.sequence;
      if (missing) {
        // raised inside the template, under the call's onError handler (InvokeMediator pushes it first)
        const failure = missing;
        if (!seq.onError) throw failure;
        const fail: Mediator = { ...thrower, mediate: () => Promise.reject(failure) };
        return ex.runSequence({ ...seq, mediators: [fail] }, ctx);
      }
      if ((tpl.sequence.contentAware || contentAware) && ctx.payload.streaming) await ctx.payload.build();
      // the connector response model on any template (InvokeMediator.prepareForMediation, Synapse b861976a4): a
      // non-empty responseVariable puts the template's result into that variable; without overwriteBody
      // (Boolean.parseBoolean) the message's body, type and transport headers are kept and put back afterwards
      const rv = responseVariable?.expr?.string(ctx);
      const intoVariable = rv !== undefined && rv !== '' ? rv : undefined;
      const overwrite = intoVariable !== undefined && parseBoolean(overwriteBody?.expr?.string(ctx));
      const kept = intoVariable !== undefined && !overwrite ? keep(ctx) : undefined;
      ctx.funcStack.push(frame);
      // MI (TemplateMediator.mediate) pops the frame only when the template's sequence went on to its end: a message
      // that stopped inside it (an aggregate collected it, a send, a fault) keeps the frame, and the aggregate
      // later reads each collected message's $func: parameters from it
      const went = await ex.runSequence(seq, ctx);
      if (went) ctx.funcStack.pop();
      // InvokeMediator.postMediate, only when the template went on to its end: no ConnectorResponse from a plain
      // template, so the body is enriched into the variable (payload unless overwriteBody, headers, statusCode)
      if (went && intoVariable !== undefined) {
        // (postMediate evaluates responseVariable and overwriteBody again, on the message the template left:
        // storeResponseInVariableEnabled, isOverwriteBodyEnabled, processConnectorResponse)
        const name = responseVariable?.expr?.string(ctx) ?? '';
        if (name !== '') {
          const overwriteAfter = parseBoolean(overwriteBody?.expr?.string(ctx));
          if (ctx.payload.streaming) await ctx.payload.build();
          ctx.vars.set(name, messageAsResponse(ctx, overwriteAfter));
          if (kept && !overwriteAfter) restore(ctx, kept);
        }
      }
      return went;
    },
  };
});

/**
 * A with-param XPath's value, as TemplateContext.resolveExpressionValue takes it (Value.resolveObject:
 * selectSingleNode): the first item selected; an element stays the element (an XPath reads its text, an expression
 * prints it as XML), an attribute or a text node is its text, nothing selected is null (the parameter is left unset);
 * a string, number or boolean result is its string.
 */
function valueForParam(e: Expr, ctx: MessageContext): unknown {
  if (e.kind === 'xpath') {
    const v = e.value(ctx);
    const first: unknown = Array.isArray(v) ? v[0] : v;
    if (first === undefined || first === null) return undefined;
    if (first instanceof slimdom.Node) {
      if (first.nodeType === 1) return first;
      if (first.nodeType === 9) return (first as slimdom.Document).documentElement ?? undefined;
      return first.nodeType === 2 ? (first as slimdom.Attr).value : (first.textContent ?? '');
    }
    return e.string(ctx);
  }
  // a JSONPath or ${} with-param is its string value (Value.evaluateValue: stringValueOf; '' when it finds nothing)
  if (e.kind === 'jsonpath' || e.kind === 'synapse') {
    try {
      return e.string(ctx);
    } catch {
      return '';
    }
  }
  return e.value(ctx);
}

export const ROUTING_LOADED = true;
void compileExpr;
void serializeXml;
void ({} as Executor);
