/**
 * The `main` and `fault` sequences Micro Integrator always has: its configuration builder adds a default one of each
 * when none is deployed (SynapseConfigUtils.setDefaultMainSequence / setDefaultFaultSequence, and the distribution's
 * synapse-configs/default/sequences), so GET /management/sequences lists them. The texts are those the embedded
 * engine runs when no `main` / `fault` is deployed (runtime-debug/engine/runtime.ts DEFAULT_MAIN / DEFAULT_FAULT).
 * They belong to no Carbon application: MI prints no `container` for them (org.json drops a null value).
 */
import { parseXml } from '../../core/xml';
import type { DeployedArtifact } from './registry';

const MAIN = `<sequence xmlns="http://ws.apache.org/ns/synapse" name="main"><in>
<log level="custom"><property name="main sequence executed for call to non-existent" expression="get-property('To')"/></log>
<property name="NO_ENTITY_BODY" scope="axis2" value="true" type="BOOLEAN"/>
<property name="HTTP_SC" scope="axis2" value="404"/>
<respond/></in></sequence>`;

const FAULT = `<sequence xmlns="http://ws.apache.org/ns/synapse" name="fault"><log level="full">
<property name="MESSAGE" value="Executing default 'fault' sequence"/>
<property name="ERROR_CODE" expression="get-property('ERROR_CODE')"/>
<property name="ERROR_MESSAGE" expression="get-property('ERROR_MESSAGE')"/>
</log></sequence>`;

function make(name: string, xml: string): DeployedArtifact {
  return {
    kind: 'sequences',
    type: 'synapse/sequence',
    name,
    xml,
    source: `(default ${name} sequence)`,
    app: '',
    root: parseXml(xml).root!,
    active: true,
    tracing: false,
    stats: false,
  };
}

/** One pair per server, so that tracing switched on a default sequence stays switched. */
export class DefaultSequences {
  private readonly all = [make('main', MAIN), make('fault', FAULT)];

  /** The deployed sequences plus the defaults no deployed sequence replaces, by name. */
  withDefaults(deployed: DeployedArtifact[]): DeployedArtifact[] {
    const extra = this.all.filter((d) => !deployed.some((a) => a.name === d.name));
    if (!extra.length) return deployed;
    return [...deployed, ...extra].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
