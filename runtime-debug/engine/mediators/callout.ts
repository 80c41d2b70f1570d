/**
 * callout: a blocking call. The source (an XPath node, a property, or the whole envelope) is sent in a SOAP
 * envelope to serviceURL / endpointKey / the inline endpoint with the `action` as SOAPAction (a REST message's goes
 * as REST, e.g. POX, without one); the first element of the response body goes to the target (replacing the node an
 * XPath selects, or into a property).
 */
import * as slimdom from 'slimdom';
import { attrValue, firstChild } from '../../../core/xml';
import { endpointRef, registerMediator } from '../compile';
import type { MessageContext } from '../context';
import { baseCode, MediationError } from '../errors';
import { artifactLabel } from '../executor';
import type { EndpointRef } from '../model';
import { parseXmlElement } from '../payloadXml';
import { makeEnvelope } from '../payload';
import { base, isNode, isTrueExplicitly } from './util';
import {
  baseType,
  blockingRest,
  blockingSend,
  connectionFailure,
  isNoTransport,
  failBlocking,
  keepRequest,
  takesAnswerHeaders,
  type BlockingFailure,
  type BlockingRequest,
} from './blockingSender';

registerMediator('callout', (el, cc) => {
  const serviceURL = attrValue(el, 'serviceURL');
  const epKey = attrValue(el, 'endpointKey');
  const inline = endpointRef(firstChild(el, 'endpoint'), cc);
  const ep: EndpointRef | undefined = epKey ? { key: epKey } : inline;
  // MI deploys a callout whose serviceURL attribute is there but empty (it fails when a message reaches it); with
  // neither serviceURL, endpointKey nor an <endpoint> it sends to the message's To address (CalloutMediator.init
  // makes a DefaultEndpoint: "Using the To header as the EPR")
  const toEp: EndpointRef | undefined =
    serviceURL === undefined && !ep
      ? {
          inline: {
            type: 'default',
            properties: [],
            suspend: { initialDuration: 0, progressionFactor: 1, maximumDuration: 0 },
            mark: { retriesBeforeSuspension: 0, retryDelay: 0 },
            ...cc.pos(el),
          },
        }
      : undefined;
  if (firstChild(el, 'enableSec'))
    cc.unsupported(el, 'callout WS-Security (enableSec) is not supported by the embedded runtime');
  const action = attrValue(el, 'action');
  const src = firstChild(el, 'source');
  const tgt = firstChild(el, 'target');
  const srcXpath = src ? cc.expr(src, 'xpath') : undefined;
  const srcKey = src ? attrValue(src, 'key') : undefined;
  const srcEnvelope = src ? attrValue(src, 'type') === 'envelope' : false;
  // CalloutMediatorFactory: a <source> without type="envelope" needs xpath or key, a <target> xpath or key
  if (src && !srcEnvelope && attrValue(src, 'xpath') === undefined && srcKey === undefined)
    cc.problem(
      src,
      'RT_MISSING_ATTRIBUTE',
      "A 'xpath' or 'key' attribute is required for the Callout 'source'",
    );
  if (tgt && attrValue(tgt, 'xpath') === undefined && attrValue(tgt, 'key') === undefined)
    cc.problem(
      tgt,
      'RT_MISSING_ATTRIBUTE',
      "A 'xpath' or 'key' attribute is required for the Callout 'target'",
    );
  const tgtXpath = tgt ? cc.expr(tgt, 'xpath') : undefined;
  const tgtKey = tgt ? attrValue(tgt, 'key') : undefined;
  const urlEp: EndpointRef | undefined =
    serviceURL !== undefined
      ? {
          inline: {
            type: 'address',
            uri: serviceURL,
            properties: [],
            suspend: { initialDuration: 0, progressionFactor: 1, maximumDuration: 0 },
            mark: { retriesBeforeSuspension: 0, retryDelay: 0 },
            ...cc.pos(el),
          },
        }
      : undefined;
  return {
    ...base(el, cc, true),
    async mediate(ctx: MessageContext, ex) {
      // the request: a copy of the message carrying the source in a SOAP 1.1 envelope
      const call = ctx.fork();
      call.reply = undefined;
      // a JSON message goes as it is, in its own message type (CalloutMediator: "if the payload is JSON, we do not
      // consider the request (ie. source) path"); any other carries the source as its body's only element
      const jsonMessage = ctx.payload.kind === 'json' && !ctx.payload.soap && !ctx.payload.isEmpty();
      // the copy keeps the message's doingREST (MessageHelper.cloneMessageContext) and, the wrapping endpoint having
      // no format, so does the blocking client's message (BlockingMsgSenderUtils.fillMessageContext), with the
      // message's messageType and REST_URL_POSTFIX (setProperties): a REST message's source goes out as REST (its
      // message type's formatter, e.g. POX for application/xml), no SOAPAction (HTTPSender), the postfix appended
      const target = urlEp ?? ep ?? toEp;
      // (an endpoint's format decides instead: soap11/soap12 make SOAP, pox/get/rest REST); enableREST, copied from
      // the message or its client options (axis2-client), makes REST whatever the format
      // (CommonsHTTPTransportSender: TransportUtils.isDoingREST)
      const rest = isTrueExplicitly(ctx.getProperty('enableREST', 'axis2')) || blockingRest(target, ctx, ex);
      const restMessage = !jsonMessage && rest;
      if (!jsonMessage) call.restOverride = restMessage;
      // (Axis2's HTTPSender sets no SOAPAction of its own for REST; the message's transport headers, the client's
      // SOAPAction among them, still go: BlockingMsgSenderUtils.fillMessageContext copies TRANSPORT_HEADERS and
      // AbstractHTTPSender.addCustomHeaders adds them)
      if (!restMessage) call.axis2.delete('REST_URL_POSTFIX');
      let source: slimdom.Element | undefined;
      if (srcEnvelope || jsonMessage) source = undefined;
      else if (srcKey) {
        const v = ctx.props.get(srcKey);
        source = isNode(v)
          ? (v as slimdom.Element)
          : v !== undefined
            ? parseXmlElement(String(v))
            : undefined;
      } else if (srcXpath) source = srcXpath.nodes(ctx).find((n): n is slimdom.Element => n.nodeType === 1);
      else source = ctx.payload.rootElement();
      if (!srcEnvelope && !jsonMessage) {
        call.payload.setEnvelope(
          makeEnvelope(source ? (d) => d.importNode(source, true) as slimdom.Element : undefined),
        );
      }
      if (!jsonMessage && !restMessage) call.axis2.set('messageType', 'text/xml');
      // the method is the message's HTTP_METHOD (copied by BlockingMsgSenderUtils.setProperties; Axis2's HTTPSender
      // sends GET, DELETE, PUT or PATCH by it, POST otherwise)
      const asked = String(ctx.getProperty('HTTP_METHOD', 'axis2') ?? '').toUpperCase();
      const method = ['GET', 'DELETE', 'PUT', 'PATCH'].includes(asked) ? asked : 'POST';
      call.axis2.set('HTTP_METHOD', method);
      call.method = method;
      if (action && !restMessage) call.headers.set('SOAPAction', action);
      // MI's blocking sender judges the answer as for call blocking="true" (blockingSender.ts); on a failure the
      // fault handler runs on CalloutMediator's copy of the message: its body (the callout's request, or the SOAP
      // fault answer), HTTP_SC and ERROR_* are what the fault sequence sees
      const req = await keepRequest(call);
      // FORCE_ERROR_ON_SOAP_FAULT: the blocking client throws for a fault answer only when it is "true"
      // (BlockingMsgSenderUtils.fillClientOptions); dropped so that the non-blocking rule does not judge it again
      const throwOnFault = call.ownProp('FORCE_ERROR_ON_SOAP_FAULT') === 'true';
      call.dropProp('FORCE_ERROR_ON_SOAP_FAULT');
      // each endpoint reached judges its answer (a failover group tries its next child), as for call blocking
      let failure: BlockingFailure | undefined;
      try {
        failure = await blockingSend(target, call, ex, rest, req, throwOnFault, ctx.doingRest);
      } catch (e) {
        if (
          e instanceof MediationError &&
          (isNoTransport(e) || [101503, 101504, 101508].includes(Number(baseCode(e))))
        )
          throw calloutFailed(ctx, call, req, connectionFailure(e));
        throw e;
      }
      if (call.stopped) {
        // the endpoint's discard action dropped the failure (AbstractEndpoint.onFault): CalloutMediator finds
        // BLOCKING_SENDER_ERROR "true" and no fault sequence run, logs this and stops the flow
        ex.log('INFO', 'CalloutMediator', artifactLabel(ctx), 'Error while performing the callout operation');
        ctx.stopped = true;
        return false;
      }
      if (failure) throw calloutFailed(ctx, call, req, failure);
      // MI's CalloutMediator: the backend's status becomes HTTP_SC, and its transport headers replace the
      // message's when BLOCKING_SENDER_PRESERVE_REQ_HEADERS is "false", its Content-Type's base type then naming
      // messageType and ContentType (MessageHelper.copyResponseMessageHeaders); otherwise the message keeps its own
      // (the String the blocking sender set on the callout's copy: String.valueOf(status).trim())
      const sc = call.axis2.get('HTTP_SC');
      ctx.axis2.set('HTTP_SC', typeof sc === 'number' ? String(sc) : sc);
      if (takesAnswerHeaders(ctx)) {
        ctx.headers.clear();
        call.headers.forEach((k, v) => ctx.headers.set(k, v));
        const answerType = baseType(call.headers.get('content-type'));
        if (answerType !== undefined) {
          ctx.axis2.set('messageType', answerType);
          ctx.axis2.set('ContentType', answerType);
        }
      }
      if (call.payload.streaming) await call.payload.build();
      // MI's CalloutMediator: a JSON answer (JsonUtil.hasAJsonPayload) is cloned into the message as its payload
      // (JsonUtil.cloneJsonPayload), whatever the target says; the message keeps its own message type
      if (call.payload.kind === 'json' && !call.payload.isEmpty()) {
        const v = call.payload.json();
        if (v !== undefined) {
          ctx.payload.setJson(v);
          return true;
        }
      }
      const result = call.payload.rootElement();
      if (!result && !tgtXpath) {
        // an answer with no body element (204, an empty body or an empty Body): Axis2 gives the blocking sender a
        // default SOAP 1.1 envelope (OutInAxisOperation.handleResponse), so the target key is null and, with no
        // target, the message's envelope is that empty one (CalloutMediator.mediate). A JSON message keeps its JSON
        // stream, which the JSON formatter writes when the body has no element (JsonUtil.writeAsJson): the client
        // gets the request back (MI CalloutMediatorHandlingEmptySuccessResponseTestCase, CallOutSC204WithNoContentTest)
        if (tgtKey) ctx.props.set(tgtKey, null);
        else if (ctx.payload.kind !== 'json') {
          ctx.payload.setEnvelope(makeEnvelope(undefined));
        }
        return true;
      }
      if (!result) throw new MediationError(101501, 'callout: the service answered without a payload');
      if (tgtKey) ctx.props.set(tgtKey, result.cloneNode(true));
      else {
        const target = tgtXpath
          ? tgtXpath.nodes(ctx).find((n) => n.nodeType === 1)
          : ctx.payload.rootElement();
        // CalloutMediator.mediate: a target XPath that yields no element is handleException's message
        if (!target || !target.parentNode)
          throw new MediationError(
            0,
            tgtXpath
              ? `Evaluation of target XPath expression : ${tgtXpath.text} did not yeild an OMNode`
              : 'callout: the target selects no element',
          );
        target.parentNode.replaceChild(target.ownerDocument!.importNode(result, true), target);
        ctx.payload.markXmlChanged();
        // no target: CalloutMediator sets the answer's envelope, the blocking sender's copy (no document above it)
        if (!tgtXpath) ctx.payload.envelopeDocument(false);
      }
      return true;
    },
  };
});

/** The callout's copy failed: the message takes what the fault handler sees on that copy (body, HTTP_SC). */
function calloutFailed(
  ctx: MessageContext,
  call: MessageContext,
  req: BlockingRequest,
  f: BlockingFailure,
): MediationError {
  const err = failBlocking(call, req, f);
  ctx.payload = call.payload;
  ctx.axis2.set('HTTP_SC', f.status);
  if (f.status !== '') ctx.props.set('HTTP_SC', f.status);
  return err;
}

export const CALLOUT_LOADED = true;
