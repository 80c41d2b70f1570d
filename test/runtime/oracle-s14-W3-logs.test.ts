/**
 * Session 14 (W3): the lines `synapse run` prints by default, as MI 4.4 prints them with its default log4j2.properties
 * (%c{1}: the logging class's short name). The listener lines come from PassThroughListeningIOReactorManager
 * (startEndpoint: "Pass-through " + HTTP / HTTPS / the inbound endpoint's name + " Listener started on host:port");
 * PassThroughHttpListener's own lines are at WARN there (logger PassThroughHttpListener = WARN). No MI test prints
 * them (sources: PassThroughListeningIOReactorManager, HTTPEndpointManager, distribution/src/conf/log4j2.properties).
 */
import assert from 'node:assert/strict';
import { NS, closedPort, startRuntime } from './helpers';

describe('oracle S14 W3: default log lines as MI prints them', () => {
  it("the listeners' start lines are PassThroughListeningIOReactorManager's, an HTTP inbound endpoint's named after it", async () => {
    const port = await closedPort();
    const t = await startRuntime({
      'Seq.xml': `<sequence ${NS} name="Spindle"><drop/></sequence>`,
      'In.xml': `<inboundEndpoint ${NS} name="Bobbin" protocol="http" suspend="false" sequence="Spindle"><parameters><parameter name="inbound.http.port">${port}</parameter></parameters></inboundEndpoint>`,
    });
    try {
      const lines = t.logs.map((l) => l.line.replace(/^\[[^\]]+\] /, ''));
      const main = new URL(t.base).port;
      assert.ok(
        lines.includes(
          ` INFO {PassThroughListeningIOReactorManager} - Pass-through HTTP Listener started on 127.0.0.1:${main}`,
        ),
        lines.join('\n'),
      );
      assert.ok(
        lines.includes(
          ` INFO {PassThroughListeningIOReactorManager} - Pass-through Bobbin Listener started on 127.0.0.1:${port}`,
        ),
        lines.join('\n'),
      );
      assert.ok(!lines.some((l) => l.includes('{PassThroughHttpListener}')), lines.join('\n'));
    } finally {
      await t.close();
    }
  });
});
