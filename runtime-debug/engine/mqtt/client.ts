/**
 * The MQTT client (mqtt.js), loaded on first use: in a build, the chunk dist/cli-mqtt.js (see ../lazyChunk.ts);
 * from source, ./libs.ts.
 */
import { lazyChunk } from '../lazyChunk';

type Libs = typeof import('./libs');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const libs = lazyChunk<Libs>('./cli-mqtt.js', () => require('./libs') as Libs);

export const mqtt = (): typeof import('mqtt') => libs().mqtt();
