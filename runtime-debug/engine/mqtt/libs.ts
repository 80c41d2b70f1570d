/** The MQTT client (mqtt.js): the entry of the chunk dist/cli-mqtt.js (scripts/build.mjs), loaded by ./client.ts. */
/* eslint-disable @typescript-eslint/no-require-imports */
export const mqtt = (): typeof import('mqtt') => require('mqtt');
/* eslint-enable @typescript-eslint/no-require-imports */
