/**
 * A `<messageStore class>` of Synapse's store package that is none of Synapse's stores: MessageStoreFactory's
 * Class.forName fails, "Error while instantiating the message store", and MI does not deploy the store. docs-mi's
 * rabbitmq-msg-store-properties page writes `…impl.rabbitmq.RabbitmqStore`; the class is RabbitMQStore (synapse
 * modules/core message/store/impl/rabbitmq). Own names; what MI does is read from the Synapse sources.
 */
import assert from 'node:assert/strict';
import { knownParameters } from '../../core/catalog';
import { parseXml } from '../../core/xml/parse';
import { Runtime } from '../../runtime-debug/engine/runtime';
import { scratchProject, type ScratchProject } from './scratch';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';
const store = (name: string, cls: string) =>
  `<messageStore ${S} name="${name}" class="${cls}"><parameter name="store.rabbitmq.host.name">localhost</parameter></messageStore>`;

describe('message store classes MessageStoreFactory cannot load (docs-mi rabbitmq-msg-store-properties)', () => {
  let fx: ScratchProject;
  before(() => {
    fx = scratchProject('c1-s17-stores-', 'Depot');
  });
  after(() => fx?.dispose());

  it('validate: SYN103 with the class it meant for a misspelt Synapse store; Synapse s own stores and a custom class pass', () => {
    const dir = 'Depot/src/main/wso2mi/artifacts/message-stores';
    fx.put(
      `${dir}/Crate.xml`,
      store('Crate', 'org.apache.synapse.message.store.impl.rabbitmq.RabbitmqStore'),
    );
    fx.put(`${dir}/Bin.xml`, store('Bin', 'org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore'));
    fx.put(`${dir}/Tub.xml`, store('Tub', 'org.apache.synapse.message.store.impl.memory.InMemoryStore'));
    fx.put(`${dir}/Vat.xml`, store('Vat', 'org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore'));
    fx.put(`${dir}/Keg.xml`, store('Keg', 'com.example.store.BarrelStore'));
    const found = fx.validate('Depot').filter((f) => f.code === 'SYN103');
    assert.deepEqual(
      found.map((f) => f.file.replace(/.*\//, '')),
      ['Crate.xml'],
    );
    assert.match(
      found[0]!.message,
      /did you mean 'org\.apache\.synapse\.message\.store\.impl\.rabbitmq\.RabbitMQStore'/,
    );
  });

  it('run: the store is not deployed and is a load problem (RT_BAD_STORE_CLASS)', () => {
    const rt = new Runtime({ httpPort: 0 });
    const res = rt.deploy([
      {
        name: 'Crate.xml',
        text: store('Crate', 'org.apache.synapse.message.store.impl.rabbitmq.RabbitmqStore'),
      },
      { name: 'Tub.xml', text: store('Tub', 'org.apache.synapse.message.store.impl.memory.InMemoryStore') },
    ]);
    assert.deepEqual(
      res.problems.map((p) => `${p.file} ${p.code}`),
      ['Crate.xml RT_BAD_STORE_CLASS'],
    );
    assert.deepEqual(
      rt
        .list()
        .filter((a) => a.kind === 'messageStore')
        .map((a) => a.name),
      ['Tub'],
    );
  });

  it('offers the parameters the store and processor reference pages list (jms/wso2mb store, sampling processor member.count)', () => {
    const offered = (xml: string) => knownParameters(parseXml(xml).root!).map((k) => k.name);
    const jms = offered(store('Q', 'org.apache.synapse.message.store.impl.jms.JmsStore'));
    for (const n of [
      'vender.class.loader.enabled',
      'connectionfactory.QueueConnectionFactory',
      'store.jms.cache.connection',
    ])
      assert.ok(jms.includes(n), n);
    const sampler = offered(
      `<messageProcessor ${S} name="P" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="Q"/>`,
    );
    for (const n of ['member.count', 'quartz.conf', 'cronExpression']) assert.ok(sampler.includes(n), n);
  });
});
