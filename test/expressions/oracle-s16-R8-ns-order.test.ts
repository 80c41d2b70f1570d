/**
 * Session 16 (R8, review of J8): the order Axiom writes the namespace declarations of a built element.
 *
 * How the expectations were made: OMSerializerUtil.serializeStartpart (wso2-axiom 1.2.11-wso2v38) writes the element's
 * own namespace first, then its declared namespaces as OMElementImpl.namespaces (a `new HashMap(5)` keyed by prefix)
 * lists them. StAXOMBuilder.processNamespaceData declares every namespace the parser reports on the element, also one
 * that binds a prefix as an ancestor already does (not written again: the writer has the binding), so those count
 * for the map's size, which decides its order (8 buckets, 16 past 6 entries, 32 past 12). The orders below are what a
 * real java.util.HashMap(5) (JDK 17; String.hashCode is the same in every JDK) lists for the same prefixes, inserted
 * in document order; a seeded driver compared 5,000 such sets (3–26 prefixes, with and without redundant ones) with
 * ours, all equal after this change. Our own prefixes and URIs.
 */
import assert from 'node:assert/strict';
import { parseXmlPayload, serializeXml } from '../../runtime-debug/engine/xml';

const declared = (xml: string, element: string): string[] => {
  const start = xml.indexOf(`<${element}`);
  const tag = xml.slice(start, xml.indexOf('>', start));
  return [...tag.matchAll(/xmlns(?::([^=]*))?=/g)].map((m) => m[1] ?? '');
};

describe('oracle s16 R8: namespace declarations in the order of the element HashMap (OMElementImpl.namespaces, MI OMSerializerUtil)', () => {
  it('seven declarations: the map has grown to 16 buckets', () => {
    const prefixes = ['soapenv', 'web', 'xsi', 'xsd', 'wsse', 'wsu', 'ds'];
    const xml = `<soapenv:Envelope ${prefixes.map((p) => `xmlns:${p}="urn:${p}"`).join(' ')}/>`;
    assert.deepEqual(declared(serializeXml(parseXmlPayload(xml)), 'soapenv:Envelope'), [
      'soapenv',
      'web',
      'xsd',
      'wsu',
      'wsse',
      'xsi',
      'ds',
    ]);
  });

  it('thirteen declarations: 32 buckets', () => {
    const prefixes = Array.from({ length: 13 }, (_, i) => `ns${i + 1}`);
    const xml = `<r ${prefixes.map((p) => `xmlns:${p}="urn:${p}"`).join(' ')}/>`;
    assert.deepEqual(
      declared(serializeXml(parseXmlPayload(xml)), 'r').join(','),
      'ns2,ns1,ns4,ns3,ns6,ns5,ns8,ns7,ns13,ns9,ns12,ns11,ns10',
    );
  });

  it('declarations an ancestor already made count for the map size though they are not written (17 in the map: 32 buckets, not 16)', () => {
    const all =
      'p1z00,p1yi7,p1qur,pxb7,p1hpr,p1uuw,p1azj,p1jkn,p1r7,p1hge,p123b,p14p8,p1b6o,py60,pzke,p18f8,pih0';
    const keys = all.split(',');
    const fresh = new Set(['pzke', 'p18f8', 'pih0']);
    const parent = keys.filter((k) => !fresh.has(k)).map((k) => ` xmlns:${k}="urn:${k}"`);
    const child = keys.map((k) => ` xmlns:${k}="urn:${fresh.has(k) ? 'other:' : ''}${k}"`);
    const xml = serializeXml(parseXmlPayload(`<r${parent.join('')}><c${child.join('')}/></r>`));
    // java.util.HashMap(5) of all 17 lists p123b,p1yi7,p1hge,p18f8,pxb7,...,pzke,...,pih0,...; the other 14 are bound
    // by <r> already (ours, with a map of 16 buckets: pzke, pih0, p18f8)
    assert.deepEqual(declared(xml, 'c'), ['p18f8', 'pzke', 'pih0']);
  });
});
