/**
 * Session 17 review RF1: a payloadFactory FreeMarker template FreeMarker 2.3.30 cannot parse is refused when MI deploys
 * it (FreeMarkerTemplateProcessor.init, "Error compiling FreeMarking template : ..."); `synapse run` refuses it with
 * RT_FREEMARKER_SYNTAX (8e35b0ec) and `synapse validate` now reports the same code for the same templates, from the
 * same parser. A construct FreeMarker reads that the embedded runtime does not run is no validate finding.
 * Accept/refuse per template as FreeMarker 2.3.31 (as VERSION_2_3_30) parsed it; .time_zone from 2.3.30's sources.
 */
import assert from 'node:assert/strict';
import { scratchProject } from './scratch';
import { NS } from '../runtime/helpers';
import { Runtime } from '../../runtime-debug/engine/runtime';

const seq = (name: string, media: string, format: string): string =>
  `<sequence ${NS} name="${name}"><payloadFactory media-type="${media}" template-type="freemarker"><format><![CDATA[${format}]]></format></payloadFactory></sequence>`;

describe('oracle S17 RF1: a FreeMarker template MI cannot compile, validate and run alike (FreeMarkerTemplateProcessor.init)', () => {
  it('validate reports RT_FREEMARKER_SYNTAX exactly where run refuses the artifact', () => {
    const fx = scratchProject('s17-rf1-fm-', 'Quill');
    try {
      const cases: [string, string, string, string][] = [
        ['Unclosed', 'json', '{"a": "<#if payload.x>yes"}', 'RT_FREEMARKER_SYNTAX'],
        ['SepOutside', 'text', 'a<#sep>b', 'RT_FREEMARKER_SYNTAX'],
        ['TimeZone', 'json', '{"tz": "${.time_zone}"}', 'RT_FREEMARKER_SYNTAX'],
        // the <pfPadding> wrapper of an XML template is not broken by the template's own text
        ['XmlList', 'xml', '<r><#list payload.items as i><i>${i}</i></#list></r>', ''],
        ['XmlUnclosed', 'xml', '<r><#list payload.items as i><i>${i}</i></r>', 'RT_FREEMARKER_SYNTAX'],
        ['EscapedGt', 'json', '<#if payload.n &gt; 3>{"big": true}</#if>', ''],
        ['Visit', 'json', '<#visit payload>', ''],
      ];
      for (const [name, media, format, code] of cases) {
        const rel = `Quill/src/main/wso2mi/artifacts/sequences/${name}.xml`;
        fx.put(rel, seq(name, media, format));
        const got = fx.validate(rel).map((f) => f.code);
        assert.deepEqual(got, code ? [code] : [], `validate ${name}`);
        const r = new Runtime({ httpPort: 0 }).deploy([
          { name: `${name}.xml`, text: seq(name, media, format) },
        ]);
        assert.deepEqual(
          r.problems.map((p) => p.code),
          code ? [code] : [],
          `run ${name}`,
        );
      }
    } finally {
      fx.dispose();
    }
  });
});
