/**
 * Review of session 16's load checks (R2): what MI deploys is deployed. Our own fixtures; MI's behaviour read from its
 * sources (cited per case).
 */
import assert from 'node:assert/strict';
import { Runtime } from '../../runtime-debug/engine';
import { NS } from './helpers';

describe('synapse run: session 16 review (R2)', () => {
  it("a proxy's publishWSDL uri beside an endpoint or key attribute is not read (ProxyServiceFactory: endpoint, else key, else uri): no RT_INVALID_URL for a registry key there; alone it is refused (ProxyService: new URI(uri).toURL())", () => {
    const proxy = (name: string, publish: string) => ({
      name: `${name}.xml`,
      text: `<proxy ${NS} name="${name}" transports="http"><target><inSequence><respond/></inSequence></target>${publish}</proxy>`,
    });
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      proxy('Porter', '<publishWSDL key="" uri="gov:/wsdl/porter.wsdl"/>'),
      proxy(
        'Bellhop',
        '<publishWSDL endpoint="http://127.0.0.1:9/bellhop?wsdl" uri="gov:/wsdl/bellhop.wsdl"/>',
      ),
      proxy('Valet', '<publishWSDL uri="gov:/wsdl/valet.wsdl"/>'),
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.file} ${p.code}`),
      ['Valet.xml RT_INVALID_URL'],
    );
  });
});
