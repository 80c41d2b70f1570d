/**
 * The dataServiceCall mediator (MI DataServiceCallMediator, DataServiceCallMediatorFactory): calls a data service
 * deployed in the same runtime without HTTP. The request (DataServiceProcessor.dispatch) is
 * - source type="inline": built from `<operations type="single|batch|request-box">` (single: the operation's
 *   element with its params; batch: `<op>_batch_req` with one `<op>` per operation; request-box: `request_box` with
 *   the operations inside), each `<param name value|expression [evaluator="json"]>` an element holding its text;
 * - source type="body" (the default): the message's first body element names the request and holds its params
 *   (a `jsonObject` wrapper is skipped: its first child is the request).
 * The result goes to the body (`<target type="body"/>`, the default: the JSON payload and body are replaced by it;
 * no result leaves an empty envelope with messageType application/xml) or into a property (`<target type="property"
 * name="x|{expr}"/>`, the element, or null without a result). A fault (no such service, a DataServiceFault) is a
 * mediation fault with MI's message.
 */
import * as slimdom from 'slimdom';
import { attrValue, childElements, firstChild, type XmlElement } from '../../../core/xml';
import { registerMediator, type CompileCtx } from '../compile';
import { MediationError } from '../errors';
import type { Expr } from '../expressions';
import type { MessageContext } from '../context';
import type { Mediator } from '../model';
import { makeEnvelope } from '../payload';
import { base, setMessageType } from '../mediators/util';
import { DS_NS } from './model';
import { DsFault } from './execute';
import type { DataServices } from './serve';

interface Param {
  name: string;
  value: string | undefined;
  expr: Expr | undefined;
}
interface Operation {
  kind: 'operation';
  name: string;
  params: Param[];
}
interface Operations {
  kind: 'operations';
  type: string;
  items: (Operation | Operations)[];
}

function compileDataServiceCall(el: XmlElement, cc: CompileCtx): Mediator {
  const bad = (at: XmlElement, message: string) => cc.problem(at, 'RT_BAD_MEDIATOR', message);
  const serviceName = attrValue(el, 'serviceName');
  if (serviceName === undefined)
    cc.problem(
      el,
      'RT_MISSING_ATTRIBUTE',
      "The 'serviceName' attribute in 'dataServicesCall' element  is missing in the configuration.",
    );

  // configureSourceElement: type inline needs <operations type>; anything else is body, which takes no operations
  const source = firstChild(el, 'source');
  const opsEl = firstChild(el, 'operations');
  const sourceType = source ? attrValue(source, 'type') : undefined;
  const inline = sourceType !== undefined && sourceType.toLowerCase() === 'inline';
  let operations: Operations | undefined;
  if (inline) {
    const type = opsEl ? attrValue(opsEl, 'type') : undefined;
    if (!opsEl)
      bad(el, "The 'operations' element in 'dataServicesCall' element  is missing in the configuration.");
    else if (type === undefined)
      cc.problem(
        opsEl,
        'RT_MISSING_ATTRIBUTE',
        "The 'type' attribute in 'operations' element  is missing in the configuration.",
      );
    else {
      operations = { kind: 'operations', type, items: extractOperations(opsEl, cc) };
      if (type === 'single' && operations.items.length > 1)
        bad(opsEl, "The 'single operation' should contain one operation in the configuration.");
    }
  } else if (opsEl)
    bad(
      opsEl,
      sourceType !== undefined
        ? "The 'source' type is set to body. Inline configurations are only applicable for source type 'inline'."
        : "The source type is configured to 'body'. Inline configurations are permitted when source type is 'inline'",
    );

  // configureTargetElement: type="property" needs a name (static, or {expression}); any other type is the body
  const target = firstChild(el, 'target');
  const targetType = target ? attrValue(target, 'type') : undefined;
  let propertyName: Expr | undefined;
  if (target && targetType === 'property') {
    const name = attrValue(target, 'name');
    if (name === undefined)
      cc.problem(
        target,
        'RT_MISSING_ATTRIBUTE',
        "The 'name' attribute in 'target' element  is missing in the configuration.",
      );
    else if (name === '')
      bad(target, "The 'name' attribute in 'target' element is empty. Please enter a value.");
    else propertyName = cc.value(target, 'name');
  }

  const exprs: Expr[] = [];
  const collect = (ops: Operations) => {
    for (const i of ops.items)
      if (i.kind === 'operations') collect(i);
      else for (const p of i.params) if (p.expr) exprs.push(p.expr);
  };
  if (operations) collect(operations);

  return {
    // the body source reads the payload, and the body target replaces it
    ...base(el, cc, !inline || !propertyName || exprs.some((e) => e.payloadAware)),
    async mediate(ctx, ex) {
      const services = (ex.reg as { dataServices?: DataServices }).dataServices;
      const ds = services?.get(serviceName ?? '');
      if (!services || !ds)
        throw new MediationError(0, `The data service,  named '${serviceName}' does not exist. `);
      let requestName: string;
      let input: slimdom.Element | undefined;
      if (operations) {
        // addRootOperation reads the first operation (MI fails there at run time when there is none)
        if (operations.type !== 'request-box' && operations.items[0]?.kind !== 'operation')
          throw new MediationError(
            0,
            "The 'operations' element of dataServiceCall has no 'operation' with a name",
          );
        input = rootOperation(operations, ctx);
        requestName = input.localName;
      } else {
        // handleSourceTypeBody: the first body element (inside a jsonObject wrapper: its first child)
        let first = ctx.payload.rootElement();
        if (!first)
          throw new MediationError(0, 'Source type is set to body. Received empty payload for request.');
        if (first.localName === 'jsonObject') first = first.firstElementChild ?? undefined;
        if (!first) throw new MediationError(0, 'AxisFault occurred.');
        input = first;
        requestName = first.localName;
      }
      let result: slimdom.Element | undefined;
      try {
        result = await services.dispatch(ds, requestName, input);
      } catch (e) {
        const f = e instanceof DsFault ? e : new DsFault('UNKNOWN_ERROR', (e as Error).message);
        throw new MediationError(
          0,
          'DataService exception occurred while accessing the dataservice to do the operation',
          `${f.code}: ${f.dsMessage ?? ''}${f.nested ? `\n${f.nested}` : ''}`,
        );
      }
      if (propertyName) {
        const name = propertyName.string(ctx);
        if (!name)
          throw new MediationError(
            0,
            'Target type is set to property. Evaluated value for target property name is null or empty',
          );
        ctx.setProperty(name, result ?? null);
      } else if (result) {
        // JsonUtil.removeJsonPayload (the JSON stream and every body child), then the result in the body
        ctx.payload.setXmlRoot(result);
        ctx.axis2.delete('NO_ENTITY_BODY');
      } else {
        // no result: a default envelope of the message's SOAP version, messageType and ContentType application/xml
        const soap12 = ctx.payload.envelope().documentElement?.namespaceURI === SOAP12_NS;
        ctx.payload.setEnvelope(makeEnvelope(undefined, soap12 ? SOAP12_NS : undefined));
        setMessageType(ctx, 'application/xml');
        ctx.axis2.set('ContentType', 'application/xml');
      }
      return true;
    },
  };
}

const SOAP12_NS = 'http://www.w3.org/2003/05/soap-envelope';

/** DataServiceCallMediatorFactory.extractOperations: named operations (with their params) and nested operations. */
function extractOperations(opsEl: XmlElement, cc: CompileCtx): (Operation | Operations)[] {
  const out: (Operation | Operations)[] = [];
  for (const c of childElements(opsEl)) {
    if (c.local === 'operation') {
      const name = attrValue(c, 'name');
      if (name === undefined) continue;
      const params: Param[] = [];
      // params are read when the first child element is a <param>
      if (childElements(c)[0]?.local === 'param')
        for (const p of childElements(c)) {
          if (p.local !== 'param') continue;
          const pname = attrValue(p, 'name');
          if (pname === undefined) continue;
          const value = attrValue(p, 'value');
          let exprText = attrValue(p, 'expression');
          // evaluator="json": a JSON path, with or without json-eval( )
          if (exprText !== undefined && attrValue(p, 'evaluator') === 'json' && !exprText.startsWith('${'))
            exprText = exprText.startsWith('json-eval(') ? exprText : `json-eval(${exprText})`;
          params.push({
            name: pname,
            value,
            expr: exprText !== undefined ? cc.exprText(p, exprText) : undefined,
          });
        }
      out.push({ kind: 'operation', name, params });
    } else if (c.local === 'operations') {
      out.push({ kind: 'operations', type: attrValue(c, 'type') ?? '', items: extractOperations(c, cc) });
    } else cc.problem(c, 'RT_BAD_MEDIATOR', "The 'operation' element is missing in the configuration.");
  }
  return out;
}

/** DataServiceCallMediator.addRootOperation: the request element (in the data services namespace). */
function rootOperation(ops: Operations, ctx: MessageContext): slimdom.Element {
  const doc = new slimdom.Document();
  const first = ops.items[0] as Operation;
  const name =
    ops.type === 'request-box'
      ? 'request_box'
      : ops.type === 'batch'
        ? `${first.name}_batch_req`
        : first.name;
  const root = doc.createElementNS(DS_NS, `axis2ns:${name}`);
  addOperations(ops, root, ctx, ops.type);
  return root;
}

function addOperations(
  ops: Operations,
  parent: slimdom.Element,
  ctx: MessageContext,
  rootType: string,
): void {
  const doc = parent.ownerDocument!;
  for (const item of ops.items) {
    if (item.kind === 'operation') {
      // a single operation writes its params into the root; the others one element per operation
      const holder = rootType === 'single' ? parent : doc.createElementNS(DS_NS, `axis2ns:${item.name}`);
      for (const p of item.params) {
        const e = doc.createElementNS(DS_NS, `axis2ns:${p.name}`);
        e.appendChild(doc.createTextNode(p.value ?? p.expr?.string(ctx) ?? ''));
        holder.appendChild(e);
      }
      if (holder !== parent) parent.appendChild(holder);
    } else {
      // MI compares the nested type to "single" with ==, which is never true for a configured value: the element
      // is always named after the type in lower case
      const nested = doc.createElementNS(DS_NS, `axis2ns:${item.type.toLowerCase()}`);
      addOperations(item, nested, ctx, rootType);
      parent.appendChild(nested);
    }
  }
}

registerMediator('dataServiceCall', compileDataServiceCall);
