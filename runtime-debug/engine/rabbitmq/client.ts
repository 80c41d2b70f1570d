/**
 * The AMQP client, loaded on first use. A build ships it as a chunk of its own, dist/cli-rabbitmq.js
 * (scripts/build.mjs; amqplib is external to the other bundles): a project without RabbitMQ never parses it, and the
 * three bundles that carry the runtime do not each hold a copy. Without the chunk (tests run from source) it comes
 * from node_modules (./libs.ts).
 */
type Libs = typeof import('./libs');
let loaded: Libs | undefined;

export function amqplib(): typeof import('amqplib') {
  if (!loaded) {
    /* eslint-disable @typescript-eslint/no-require-imports */
    try {
      loaded = require('./cli-rabbitmq.js') as Libs;
    } catch (e) {
      if ((e as { code?: string }).code !== 'MODULE_NOT_FOUND') throw e;
      loaded = require('./libs') as Libs;
    }
    /* eslint-enable @typescript-eslint/no-require-imports */
  }
  return loaded.amqplib();
}
