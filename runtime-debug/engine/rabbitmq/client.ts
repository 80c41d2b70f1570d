/**
 * The AMQP client (amqplib), loaded on first use: in a build, the chunk dist/cli-rabbitmq.js (see ../lazyChunk.ts);
 * from source, ./libs.ts.
 */
import { lazyChunk } from '../lazyChunk';

type Libs = typeof import('./libs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const libs = lazyChunk<Libs>('./cli-rabbitmq.js', () => require('./libs') as Libs);

export const amqplib = (): typeof import('amqplib') => libs().amqplib();
