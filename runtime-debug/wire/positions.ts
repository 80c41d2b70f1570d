/** Translation between our source model's mediators and the wire protocol's flow points (mediator positions). */
import type { ProjectModel } from '../dap/projectModel';
import type { MediatorNode, SequenceRoot } from '../dap/sourceModel';
import type { FlowPoint, WireSequenceType } from './protocol';

/** The mediator a flow point addresses, or MI's failure reason. */
export function resolveFlowPoint(model: ProjectModel, p: FlowPoint): MediatorNode | string {
  const position = p.position.trim().split(/\s+/).filter(Boolean).map(Number);
  if (position.some((n) => !Number.isInteger(n) || n < 0)) return 'non existing mediator position';
  let match: (r: SequenceRoot) => boolean;
  if (p.component === 'connector') return 'unable to register mediation flow point';
  if (p.component === 'template') {
    if (!model.artifacts().some((a) => a.kind === 'template' && a.name === p.key))
      return 'non existing template';
    match = (r) => r.type === 'template' && r.artifact === p.key;
  } else if (p.kind === 'named') {
    if (!model.artifacts().some((a) => a.kind === 'sequence' && a.name === p.key))
      return 'non existing sequence';
    match = (r) => r.type === 'named' && r.artifact === p.key;
  } else if (p.kind === 'proxy') {
    if (!model.artifacts().some((a) => a.kind === 'proxy' && a.name === p.key)) return 'proxy not found';
    match = (r) => r.type === p.sequenceType && r.artifact === p.key;
  } else if (p.kind === 'inbound') {
    const ib = model.artifacts().find((a) => a.kind === 'inbound' && a.name === p.key);
    if (!ib) return 'inbound not found';
    const seqKey = ib.sequence;
    match = (r) => r.type === 'named' && r.artifact === seqKey;
  } else {
    const api = model.artifacts().find((a) => a.kind === 'api' && a.name === p.key);
    if (!api) return 'api not found';
    const methods = p.method
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const sameMapping = (r: { uriTemplate?: string; urlMapping?: string }) =>
      p.uriTemplate !== undefined ? r.uriTemplate === p.uriTemplate : r.urlMapping === p.urlMapping;
    const res = api.resources.find(
      (r) =>
        sameMapping(r) &&
        (methods.length === 0 || r.methods.length === 0 || methods.some((m) => r.methods.includes(m))),
    );
    if (!res) return 'api resource not found';
    match = (r) =>
      r.type === p.sequenceType &&
      r.artifact === p.key &&
      !!r.resource &&
      sameMapping(r.resource) &&
      r.resource.methods.join(',') === res.methods.join(',');
  }
  return model.findByPosition(match, position) ?? 'non existing mediator position';
}

/** The wire address of a mediator (for an API, `method` picks the request's method among the resource's). */
export function flowPointOf(node: MediatorNode, method?: string): FlowPoint {
  const position = node.position.join(' ');
  const r = node.root;
  switch (r.type) {
    case 'named':
      return { component: 'sequence', kind: 'named', key: r.artifact, position };
    case 'template':
      return { component: 'template', key: r.artifact, position };
    case 'api_inseq':
    case 'api_outseq':
    case 'api_faultseq':
      return {
        component: 'sequence',
        kind: 'api',
        key: r.artifact,
        sequenceType: r.type,
        position,
        method:
          method && r.resource?.methods.includes(method)
            ? method
            : (r.resource?.methods.join(',') ?? method ?? ''),
        uriTemplate: r.resource?.uriTemplate,
        urlMapping: r.resource?.urlMapping,
      };
    default:
      return {
        component: 'sequence',
        kind: 'proxy',
        key: r.artifact,
        sequenceType: r.type as WireSequenceType,
        position,
      };
  }
}
