/** The AMQP client (amqplib): the entry of the chunk dist/cli-rabbitmq.js (scripts/build.mjs), loaded by ./client.ts. */
/* eslint-disable @typescript-eslint/no-require-imports */
export const amqplib = (): typeof import('amqplib') => require('amqplib');
/* eslint-enable @typescript-eslint/no-require-imports */
