/** RabbitMQ parameter reading (runtime-debug/engine/rabbitmq/params.ts): MI's parsing rules, no broker needed. */
import { strict as assert } from 'node:assert';
import {
  declarationsOf,
  eprName,
  eprProperties,
  factorySettings,
  INBOUND_NAMES,
  SENDER_NAMES,
  STORE_NAMES,
  toBool,
  toInt,
} from '../../runtime-debug/engine/rabbitmq/params';

describe('runtime: RabbitMQ parameters', () => {
  it('reads address properties as BaseUtils.getEPRProperties does (split on &, first =, not decoded)', () => {
    const p = eprProperties('rabbitmq:/Q1?a=1&b=x=y&c=%20&&d');
    assert.deepEqual([...p], [['a', '1'], ['b', 'x=y'], ['c', '%20']]);
    assert.equal(eprName('rabbitmq:/Q1?a=1'), 'Q1');
    assert.equal(eprName('rabbitmq:/plain'), 'plain');
  });

  it('types values as commons-lang NumberUtils / BooleanUtils do', () => {
    assert.equal(toInt(' 12 ', 3), 12);
    assert.equal(toInt('12ms', 3), 3);
    assert.equal(toInt(undefined, 3), 3);
    assert.equal(toBool('YES'), true);
    assert.equal(toBool('off'), false);
    assert.equal(toBool('maybe'), undefined);
  });

  it('applies the factory defaults per configuration kind, and refuses unpaired host and port lists', () => {
    const s = factorySettings(() => undefined, SENDER_NAMES);
    assert.deepEqual(s.addresses, [{ host: 'localhost', port: 5672 }]);
    assert.equal(s.user, 'guest');
    assert.equal(s.vhost, '/');
    assert.equal(s.retryCount, 3);
    assert.equal(s.retryIntervalMs, 30_000);
    const params: Record<string, string> = {
      'rabbitmq.server.host.name': 'a, b',
      'rabbitmq.server.port': '1,2',
      'rabbitmq.factory.heartbeat': '7',
      'rabbitmq.connection.factory.heartbeat': '9',
    };
    assert.deepEqual(factorySettings((k) => params[k], INBOUND_NAMES).addresses, [
      { host: 'a', port: 1 },
      { host: 'b', port: 2 },
    ]);
    assert.equal(factorySettings((k) => params[k], INBOUND_NAMES).heartbeat, 7);
    assert.equal(factorySettings((k) => params[k], SENDER_NAMES).heartbeat, 9);
    assert.throws(
      () => factorySettings((k) => ({ 'rabbitmq.server.host.name': 'a,b' })[k], SENDER_NAMES),
      /The number of hostnames must be equal to the number of ports/,
    );
    assert.throws(
      () => factorySettings((k) => ({ 'store.rabbitmq.host.port': 'x' })[k], STORE_NAMES),
      /Number format error in port number/,
    );
  });

  it('declares as RabbitMQUtils does: durable defaults, typed optional arguments, no amq.* exchange', () => {
    const props = new Map([
      ['rabbitmq.queue.optional.x-max-length', '10'],
      ['rabbitmq.queue.optional.x-queue-mode', 'lazy'],
      ['rabbitmq.queue.optional.x-single-active-consumer', 'true'],
      ['rabbitmq.queue.routing.key', 'rk'],
    ]);
    const d = declarationsOf('q', 'x', props);
    assert.deepEqual(d.queue, {
      name: 'q',
      durable: true,
      exclusive: false,
      autoDelete: false,
      args: { 'x-max-length': 10, 'x-queue-mode': 'lazy', 'x-single-active-consumer': true },
    });
    assert.deepEqual(d.exchange, { name: 'x', type: 'direct', durable: true, autoDelete: false, args: undefined });
    assert.deepEqual(d.bind, { queue: 'q', exchange: 'x', key: 'rk' });
    const amq = declarationsOf('q', 'amq.topic', new Map([['rabbitmq.queue.autodeclare', 'false']]));
    assert.equal(amq.queue, undefined);
    assert.equal(amq.exchange, undefined);
    assert.deepEqual(amq.bind, { queue: 'q', exchange: 'amq.topic', key: 'q' });
    assert.deepEqual(declarationsOf(undefined, undefined, new Map()), {});
  });
});
