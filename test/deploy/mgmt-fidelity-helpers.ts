/**
 * Shared pieces of the mgmt-fidelity tests: a CAR of our own artifacts of every kind (names in mixed case, so that
 * searches are seen to ignore case) and a raw HTTPS caller that logs in once and returns status and JSON.
 */
import { request } from 'node:https';
import type { RunningServe } from '../../runtime-debug/management';
import { rawZip, type RawEntry } from './helpers/rawzip';
import { ADMIN } from './helpers/servers';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

export interface CarItem {
  name: string;
  type: string;
  xml: string;
}

/** A CAR holding the given Synapse artifacts (one `Name_1.0.0/` folder each). */
export function carOf(app: string, items: CarItem[], version = '1.0.0'): Buffer {
  const deps = items
    .map(
      (i) =>
        `<dependency artifact="${i.name}" version="1.0.0" include="true" serverRole="EnterpriseIntegrator"/>`,
    )
    .join('');
  const entries: RawEntry[] = [
    {
      name: 'artifacts.xml',
      data: `<artifacts><artifact name="${app}" version="${version}" type="carbon/application">${deps}</artifact></artifacts>`,
    },
  ];
  for (const i of items) {
    entries.push({
      name: `${i.name}_1.0.0/artifact.xml`,
      data: `<artifact name="${i.name}" version="1.0.0" type="${i.type}" serverRole="EnterpriseIntegrator"><file>${i.name}-1.0.0.xml</file></artifact>`,
    });
    entries.push({ name: `${i.name}_1.0.0/${i.name}-1.0.0.xml`, data: i.xml });
  }
  return rawZip(entries);
}

/** Our garden-shop fixture: two or more artifacts of each kind, one with a lower-case name. */
export const GARDEN: CarItem[] = [
  {
    name: 'SeedsApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="SeedsApi" context="/seeds"><resource methods="GET" uri-template="/{id}"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'ToolsApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="ToolsApi" context="/tools"><resource methods="GET POST"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'soilApi',
    type: 'synapse/api',
    xml: `<api ${NS} name="soilApi" context="/soil"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
  },
  {
    name: 'PotProxy',
    type: 'synapse/proxy-service',
    xml: `<proxy ${NS} name="PotProxy" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
  },
  {
    name: 'ShedProxy',
    type: 'synapse/proxy-service',
    xml: `<proxy ${NS} name="ShedProxy" transports="http"><target><inSequence><respond/></inSequence></target></proxy>`,
  },
  {
    name: 'WaterSeq',
    type: 'synapse/sequence',
    xml: `<sequence ${NS} name="WaterSeq"><log/><drop/></sequence>`,
  },
  {
    name: 'pruneSeq',
    type: 'synapse/sequence',
    xml: `<sequence ${NS} name="pruneSeq"><log/></sequence>`,
  },
  {
    name: 'NurseryEP',
    type: 'synapse/endpoint',
    xml: `<endpoint ${NS} name="NurseryEP"><address uri="http://127.0.0.1:9/nursery"/></endpoint>`,
  },
  {
    name: 'growerEP',
    type: 'synapse/endpoint',
    xml: `<endpoint ${NS} name="growerEP"><http method="get" uri-template="http://127.0.0.1:9/grower"/></endpoint>`,
  },
  {
    name: 'LeafColour',
    type: 'synapse/local-entry',
    xml: `<localEntry ${NS} key="LeafColour">green</localEntry>`,
  },
  {
    name: 'BedLayout',
    type: 'synapse/local-entry',
    xml: `<localEntry ${NS} key="BedLayout"><beds xmlns=""><bed>north</bed></beds></localEntry>`,
  },
  {
    name: 'BulbStore',
    type: 'synapse/message-store',
    xml: `<messageStore ${NS} name="BulbStore"/>`,
  },
  {
    name: 'BulbSampler',
    type: 'synapse/message-processors',
    xml: `<messageProcessor ${NS} name="BulbSampler" class="org.apache.synapse.message.processor.impl.sampler.SamplingProcessor" messageStore="BulbStore"><parameter name="sequence">WaterSeq</parameter><parameter name="interval">600000</parameter><parameter name="is.active">true</parameter></messageProcessor>`,
  },
  {
    name: 'WrapTemplate',
    type: 'synapse/template',
    xml: `<template ${NS} name="WrapTemplate"><parameter name="colour"/><sequence><log/></sequence></template>`,
  },
  {
    name: 'hedgeTemplate',
    type: 'synapse/template',
    xml: `<template ${NS} name="hedgeTemplate"><parameter name="uri"/><endpoint name="e"><address uri="$uri"/></endpoint></template>`,
  },
  {
    name: 'FrostInbound',
    type: 'synapse/inbound-endpoint',
    xml: `<inboundEndpoint ${NS} name="FrostInbound" protocol="file" sequence="WaterSeq" onError="WaterSeq" suspend="true"><parameters><parameter name="interval">600000</parameter><parameter name="transport.vfs.FileURI">file:///nonexistent/frost</parameter></parameters></inboundEndpoint>`,
  },
  {
    name: 'RainInbound',
    type: 'synapse/inbound-endpoint',
    xml: `<inboundEndpoint ${NS} name="RainInbound" protocol="file" sequence="WaterSeq" onError="WaterSeq" suspend="true"><parameters><parameter name="interval">600000</parameter><parameter name="transport.vfs.FileURI">file:///nonexistent/rain</parameter></parameters></inboundEndpoint>`,
  },
];

export interface RawAnswer {
  status: number;
  json: any;
  text: string;
}

/** A caller of a serve's management API over HTTPS on 127.0.0.1, logged in once. */
export class MgmtCaller {
  private token = '';
  constructor(private readonly s: RunningServe) {}

  basic(user = ADMIN.user, password = ADMIN.password): string {
    return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }

  async login(): Promise<string> {
    const r = await this.raw('GET', '/management/login', { Authorization: this.basic() });
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${r.text}`);
    this.token = r.json.AccessToken;
    return this.token;
  }

  get(path: string): Promise<RawAnswer> {
    return this.raw('GET', `/management/${path}`, { Authorization: `Bearer ${this.token}` });
  }

  send(method: string, path: string, body: unknown): Promise<RawAnswer> {
    return this.raw(
      method,
      `/management/${path}`,
      { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      JSON.stringify(body),
    );
  }

  raw(
    method: string,
    path: string,
    headers: Record<string, string>,
    body?: Buffer | string,
  ): Promise<RawAnswer> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: this.s.managementPort,
          method,
          path,
          headers,
          rejectUnauthorized: false, // loopback only; the certificate itself is tested in cert.test.ts
          timeout: 10_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = JSON.parse(text);
            } catch {
              json = undefined;
            }
            resolve({ status: res.statusCode ?? 0, json, text });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: no answer in 10 s`)));
      req.on('error', reject);
      req.end(body);
    });
  }
}
