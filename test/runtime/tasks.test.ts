/** Scheduled tasks (MessageInjector): the message is injected into a sequence or a proxy, count times. */
import assert from 'node:assert/strict';
import { NS, startBackend, startRuntime } from './helpers';
import { sleep, until } from '../support';

describe('runtime: scheduled tasks', () => {
  it('injects the message into a sequence `count` times at the interval, and into a proxy', async () => {
    const backend = await startBackend();
    const t = await startRuntime({
      'tasks/Ping.xml': `<task ${NS} name="Ping" class="org.apache.synapse.startup.tasks.MessageInjector" group="synapse.simple.quartz">
          <trigger count="3" interval="0.1"/>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="message"><ping xmlns=""><n>1</n></ping></property>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="injectTo" value="sequence"/>
          <property xmlns:task="http://www.wso2.org/products/wso2commons/tasks" name="sequenceName" value="PingSeq"/></task>`,
      'sequences/PingSeq.xml': `<sequence ${NS} name="PingSeq"><log level="custom"><property name="n" expression="//n"/></log><call><endpoint><http method="post" uri-template="${backend.url}/ping"/></endpoint></call><drop/></sequence>`,
      'tasks/Once.xml': `<task ${NS} name="Once" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger once="true"/>
          <property name="message" value="hello proxy"/><property name="format" value="text/plain"/><property name="injectTo" value="proxy"/><property name="proxyName" value="TaskProxy"/></task>`,
      'proxy/TaskProxy.xml': `<proxy ${NS} name="TaskProxy"><target><endpoint><http method="post" uri-template="${backend.url}/proxied"/></endpoint></target></proxy>`,
      'tasks/Other.xml': `<task ${NS} name="Other" class="com.example.CustomTask"><trigger interval="1"/></task>`,
    });
    try {
      await until(
        'three pings and the proxied message',
        () =>
          backend.requests.filter((r) => r.url === '/ping').length >= 3 &&
          backend.requests.some((r) => r.url === '/proxied'),
      );
      // no fourth ping, no second proxied message
      await sleep(250);
      const pings = backend.requests.filter((r) => r.url === '/ping');
      assert.equal(pings.length, 3);
      // MessageInjector without a format: the message in the SOAP 1.2 envelope of a new message context
      // (Axis2SynapseEnvironment.createMessageContext, PayloadHelper.setXMLPayload)
      assert.equal(
        pings[0].body,
        `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="http://www.w3.org/2003/05/soap-envelope"><soapenv:Body><ping><n>1</n></ping></soapenv:Body></soapenv:Envelope>`,
      );
      assert.match(pings[0].headers['content-type'] ?? '', /^application\/soap\+xml/);
      assert.equal(t.logs.filter((l) => l.message === 'n = 1').length, 3);
      const proxied = backend.requests.filter((r) => r.url === '/proxied');
      assert.equal(proxied.length, 1);
      assert.equal(proxied[0].body, 'hello proxy');
      assert.ok(t.logs.some((l) => /com\.example\.CustomTask is not supported/.test(l.message)));
      assert.deepEqual(
        t.rt
          .list()
          .filter((a) => a.kind === 'task')
          .map((a) => a.name)
          .sort(),
        ['Once', 'Other', 'Ping'],
      );
    } finally {
      await t.close();
      await backend.close();
    }
  });
});
