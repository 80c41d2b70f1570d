/**
 * The WS-Addressing headers of a SOAP message sent back (Synapse Axis2Sender.sendBack, then Axis2's
 * AddressingOutHandler, the addressing module being engaged globally in MI).
 */
import { randomUUID } from 'node:crypto';
import type { MessageContext } from './context';
import {
  preservesAddressing,
  removeAddressingHeaders,
  WSA_ANONYMOUS,
  WSA_FINAL,
  WSA_NONE,
  WSA_SUBMISSION,
  WSA_SUBMISSION_ANONYMOUS,
} from './endpoints';
import { isTrueExplicitly } from './mediators/util';

/** AddressingConstants.DISABLE_ADDRESSING_FOR_OUT_MESSAGES: an axis2-scope property. */
export const DISABLE_OUT = 'disableAddressingForOutMessages';
/** AddressingConstants.WS_ADDRESSING_VERSION: the namespace AddressingInHandler found the request's headers in. */
export const WSA_VERSION = 'WSAddressingVersion';

/**
 * AddressingOutHandler.shouldInvoke: a Boolean property decides; any other value disables only when it is true
 * explicitly (isPropertyTrue). AddressingInHandler.shouldInvoke sets Boolean TRUE on every request and FALSE on one
 * whose headers it read, and SynapseCallbackReceiver copies the request's value onto the back end's answer: an
 * absent property stands for that TRUE.
 */
function outEnabled(ctx: MessageContext): boolean {
  const o = ctx.axis2.get(DISABLE_OUT);
  if (o === undefined) return false;
  return !isTrueExplicitly(o);
}

/**
 * Axis2Sender.sendBack on a built SOAP message: its WS-Addressing headers are removed unless PRESERVE_WS_ADDRESSING
 * (MessageHelper.removeAddressingHeaders) and it gets a new urn:uuid message id; then, when addressing is on for the
 * message (see outEnabled; a reply redirected to a ReplyTo address always), AddressingOutHandler.WSAHeaderWriter
 * writes on the SOAP Header (declaring the wsa prefix there), in its order: To (not the anonymous address of the
 * final namespace; sendBack's message has none unless redirected), ReplyTo (final namespace: only when not
 * anonymous), FaultTo, MessageID, Action (the message's action, else the operation's output action: a proxy's
 * `mediate` operation answers urn:mediateResponse, AxisService.addOperation), RelatesTo (the request's message id
 * on a back end's answer, SynapseCallbackReceiver.setRelationships; the default relationship type is omitted).
 * A back end's answer uses the final namespace (WS_ADDRESSING_VERSION is not copied to it); the request sent back
 * itself uses the namespace its headers came in.
 */
export function addressingOut(ctx: MessageContext, redirectTo?: string): void {
  if (!ctx.payload.soap || ctx.doingRest || !ctx.payload.xmlBuilt) return;
  const preserve = preservesAddressing(ctx);
  if (!preserve) removeAddressingHeaders(ctx);
  if (redirectTo === undefined && !outEnabled(ctx)) return;
  const final = ctx.axis2.get(WSA_VERSION) !== WSA_SUBMISSION;
  const ns = final ? WSA_FINAL : WSA_SUBMISSION;
  const doc = ctx.envelope();
  const env = doc.documentElement;
  if (!env) return;
  const envNs = env.namespaceURI;
  let header = env.children.find((c) => c.localName === 'Header' && c.namespaceURI === envNs);
  if (!header) {
    header = doc.createElementNS(envNs, env.prefix ? `${env.prefix}:Header` : 'Header');
    env.insertBefore(header, env.firstChild);
  }
  header.setAttributeNS('http://www.w3.org/2000/xmlns/', 'xmlns:wsa', ns);
  // with PRESERVE_WS_ADDRESSING (REPLACE_ADDRESSING_HEADERS) a header already there is replaced
  // (false: a header of that name is there and stays)
  const makeRoom = (name: string): boolean => {
    const same = header.children.filter((c) => c.localName === name && c.namespaceURI === ns);
    if (!preserve) return same.length === 0;
    for (const c of same) c.remove();
    return true;
  };
  const text = (name: string, value: string): void => {
    if (value === '' || !makeRoom(name)) return;
    const el = doc.createElementNS(ns, `wsa:${name}`);
    el.textContent = value;
    header.appendChild(el);
  };
  const epr = (name: string, address: string): void => {
    if (!makeRoom(name)) return;
    const el = doc.createElementNS(ns, `wsa:${name}`);
    const a = doc.createElementNS(ns, 'wsa:Address');
    a.textContent = address;
    el.appendChild(a);
    header.appendChild(el);
  };
  const anonymous = final ? WSA_ANONYMOUS : WSA_SUBMISSION_ANONYMOUS;
  const isAnonymous = (a: string): boolean => a === WSA_ANONYMOUS || a === WSA_SUBMISSION_ANONYMOUS;
  // To: the redirect address; the submission namespace names the anonymous one when there is none
  if (redirectTo !== undefined) {
    if (!(final && isAnonymous(redirectTo))) text('To', redirectTo);
  } else if (!final) text('To', WSA_SUBMISSION_ANONYMOUS);
  // (a redirected reply's ReplyTo was cleared by sendBack)
  const replyTo = redirectTo === undefined ? ctx.ownProp('ReplyTo') : undefined;
  if (typeof replyTo === 'string') {
    if (final ? !isAnonymous(replyTo) : replyTo !== WSA_NONE)
      epr('ReplyTo', isAnonymous(replyTo) ? anonymous : replyTo);
  } else if (!final) epr('ReplyTo', anonymous);
  const faultTo = ctx.ownProp('FaultTo');
  if (typeof faultTo === 'string' && !(!final && faultTo === WSA_NONE))
    epr('FaultTo', isAnonymous(faultTo) ? anonymous : faultTo);
  // (sendBack renewed the message's own id: Executor.respond)
  text('MessageID', preserve || redirectTo === undefined ? ctx.messageId : `urn:uuid:${randomUUID()}`);
  const action = redirectTo === undefined ? ctx.getProperty('Action') : undefined;
  // (no action: the operation's output action, AddressingOutHandler; the one a WSDL proxy dispatched the request to)
  text(
    'Action',
    typeof action === 'string' && action !== ''
      ? action
      : (ctx.operationOutputAction ?? 'urn:mediateResponse'),
  );
  const relatesTo = ctx.ownProp('RelatesTo');
  if (typeof relatesTo === 'string') text('RelatesTo', relatesTo);
  ctx.payload.markXmlChanged();
}
