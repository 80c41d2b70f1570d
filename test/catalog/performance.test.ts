import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseXml, walkElements, type XmlElement } from '../../core/xml';
import {
  allowedChildren,
  getMediator,
  mediatorNames,
  resolveElement,
  walkWithDecls,
} from '../../core/catalog';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('catalog: speed and consistency', () => {
  it('resolves every element of a large sequence, and a second pass comes from the cache', () => {
    const parts: string[] = [];
    for (let i = 0; i < 2000; i++) {
      parts.push(
        `<filter xpath="$ctx:a = ${i}"><then><log level="custom"><property name="i" value="${i}"/></log></then><else><property name="x" value="y"/></else></filter>`,
      );
    }
    const doc = parseXml(`<sequence ${NS} name="big">${parts.join('')}</sequence>`);
    let n = 0;
    const first = new Map<XmlElement, unknown>();
    walkWithDecls(doc.root!, (el, decl, res) => {
      assert.ok(decl);
      first.set(el, res);
      n++;
    });
    assert.equal(n, 1 + 2000 * 6);
    // a second pass hits the cache: the very same resolution objects (speed is measured by npm run bench)
    walkWithDecls(doc.root!, (el, _d, res) => {
      assert.equal(res, first.get(el));
    });
  });

  it('resolves deep nesting without recursion', () => {
    const depth = 900; // 1,800 levels: below the parser's depth guard
    const xml =
      `<sequence ${NS} name="deep">` +
      '<filter xpath="true()"><then>'.repeat(depth) +
      '<drop/>' +
      '</then></filter>'.repeat(depth) +
      '</sequence>';
    const doc = parseXml(xml);
    let drop: XmlElement | undefined;
    walkElements(doc.root!, (e) => {
      if (e.local === 'drop') drop = e as XmlElement;
    });
    assert.ok(drop);
    const r = resolveElement(drop);
    assert.equal(r.status, 'known');
    assert.equal(r.mediator!.name, 'drop');
    let n = 0;
    walkWithDecls(doc.root!, (_el, _d, res) => {
      assert.equal(res.status, 'known');
      n++;
    });
    assert.equal(n, 2 * depth + 2);
  });

  it('resolves any nesting of mediator lists to the right mediators (property test)', () => {
    const names = mediatorNames().filter((n) => !['foreach'].includes(n));
    const containers = [
      'filter/then',
      'filter/else',
      'switch/case',
      'switch/default',
      'aggregate/onComplete',
      'in',
      'out',
      'validate/on-fail',
      'throttle/onAccept',
      'cache/onCacheHit',
      'clone/target/sequence',
      'iterate/target/sequence',
    ];
    const open = (c: string) =>
      c
        .split('/')
        .map((p, i) =>
          i === 0 && p === 'switch'
            ? '<switch source="x">'
            : i === 0 && p === 'iterate'
              ? '<iterate expression="//a">'
              : `<${p}>`,
        )
        .join('');
    const close = (c: string) =>
      c
        .split('/')
        .reverse()
        .map((p) => `</${p}>`)
        .join('');
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...containers), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(...names),
        (path, leaf) => {
          const xml = `<sequence ${NS} name="s">${path.map(open).join('')}<${leaf}/>${[...path].reverse().map(close).join('')}</sequence>`;
          const doc = parseXml(xml);
          let leafEl: XmlElement | undefined;
          walkElements(doc.root!, (e) => {
            if (e.children.length === 0 && e.local === leaf) leafEl = e as XmlElement;
          });
          assert.ok(leafEl, xml);
          const r = resolveElement(leafEl);
          assert.equal(r.status, 'known', xml);
          assert.equal(r.mediator, getMediator(leaf), xml);
          assert.ok(allowedChildren(leafEl.parent!).mediators.some((m) => m.name === leaf));
        },
      ),
      { numRuns: 200 },
    );
  });
});
