/**
 * The relay path (runtime-debug/engine/relay.ts) against the mediation path: the same project served twice (relay on,
 * relay off) against one back end that records the bytes it gets; every variant must give byte-identical back-end
 * requests and client answers (the Date and generated activityid values masked), and the relayed-request counter
 * shows which variants the relay path answered itself.
 */
import { strict as assert } from 'node:assert';
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { NS, closedPort, startRuntime, type TestRuntime } from './helpers';
import { until } from '../support';

/** A raw back end: parses each request (Content-Length or chunked), records its bytes, answers by its path's case. */
interface RawBackend {
  port: number;
  seen: string[];
  server: Server;
}

const BIG = JSON.stringify({ items: 'y'.repeat(200_000) });

function answerFor(kase: string, body: Buffer, type: string | undefined): Buffer | 'reset' {
  const h = (status: string, lines: string[], b: Buffer | string = '') => {
    const bb = Buffer.isBuffer(b) ? b : Buffer.from(b);
    return Buffer.concat([
      Buffer.from(`HTTP/1.1 ${status}\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`),
      bb,
    ]);
  };
  const std = ['Date: Sun, 29 Nov 2026 16:00:00 GMT', 'Connection: keep-alive', 'Keep-Alive: timeout=5'];
  const json = '{"ok" : true,  "n":[1, 2]}';
  switch (kase) {
    case 'echo':
      return h(
        '200 OK',
        [
          `Content-Type: ${type ?? 'application/json'}`,
          `Content-Length: ${body.length}`,
          'X-Backend: one',
          ...std,
        ],
        body,
      );
    case 'server':
      return h(
        '200 OK',
        ['Server: backend/1.0', 'Content-Type: application/json', `Content-Length: ${json.length}`],
        json,
      );
    case 'reason':
      return h('200 Fine Thanks', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'created':
      return h(
        '201 Created',
        [
          'Location: http://127.0.0.1:1/be/new/7',
          'Content-Type: application/json',
          `Content-Length: ${json.length}`,
        ],
        json,
      );
    case 'created-plain':
      return h('201 Created', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'partial':
      return h(
        '206 Partial Content',
        ['Content-Range: bytes 0-1/9', 'Content-Type: text/plain', 'Content-Length: 2'],
        'ok',
      );
    case 'accepted':
      return h('202 Accepted', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'nocontent':
      return h('204 No Content', std);
    case 'redirect':
      return h('302 Found', ['Location: http://127.0.0.1:1/elsewhere', 'Content-Length: 0']);
    case 'notmodified':
      return h('304 Not Modified', ['ETag: "x1"']);
    case 'badreq':
      return h('400 Bad Request', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'unauth':
      return h(
        '401 Unauthorized',
        [
          'WWW-Authenticate: Bearer realm="be"',
          'Content-Type: application/json',
          `Content-Length: ${json.length}`,
        ],
        json,
      );
    case 'badgateway':
      return h(
        '502 Bad Gateway',
        ['Content-Type: text/html', 'Content-Length: 9', 'Retry-After: 5'],
        '<b>no</b>',
      );
    case 'unavailable':
      return h(
        '503 Service Unavailable',
        ['Content-Type: application/json', `Content-Length: ${json.length}`],
        json,
      );
    case 'notfound':
      return h('404 Not Found', ['Content-Type: text/plain', 'Content-Length: 4'], 'nope');
    case 'error':
      return h(
        '500 Internal Server Error',
        ['Content-Type: application/json', `Content-Length: ${json.length}`],
        json,
      );
    case 'cookies':
      return h(
        '200 OK',
        [
          'Set-Cookie: a=1; Path=/',
          'Content-Type: application/json',
          'Set-Cookie: b=2; Path=/',
          'x-dup: first',
          'X-Dup: second',
          'Zeta: z',
          'Alpha: a',
          `Content-Length: ${json.length}`,
        ],
        json,
      );
    case 'notype':
      return h('200 OK', ['Content-Length: 5'], 'hello');
    case 'gzip': {
      const z = gzipSync(json);
      return h(
        '200 OK',
        ['Content-Type: application/json', 'Content-Encoding: gzip', `Content-Length: ${z.length}`],
        z,
      );
    }
    case 'chunked':
      return h(
        '200 OK',
        ['Content-Type: application/json', 'Transfer-Encoding: chunked'],
        `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`,
      );
    case 'large':
      return h('200 OK', ['Content-Type: application/json', `Content-Length: ${BIG.length}`], BIG);
    case 'empty':
      return h('200 OK', ['Content-Type: application/json', 'Content-Length: 0']);
    case 'charset':
      return h(
        '200 OK',
        ['Content-Type: application/json; charset=UTF-8', `Content-Length: ${json.length}`],
        json,
      );
    case 'xml': {
      const x = '<?xml version="1.0" encoding="UTF-8"?>\n<a  b="1"><c>t</c></a>';
      return h('200 OK', ['Content-Type: application/xml', `Content-Length: ${x.length}`], x);
    }
    case 'textxml': {
      const x = '<a><c>t</c></a>';
      return h('200 OK', ['Content-Type: text/xml', `Content-Length: ${x.length}`], x);
    }
    case 'html':
      return h('200 OK', ['Content-Type: text/html', 'Content-Length: 11'], '<p>html</p>');
    case 'octet':
      return h(
        '200 OK',
        ['Content-Type: application/octet-stream', 'Content-Length: 3'],
        Buffer.from([0, 255, 7]),
      );
    case 'emptyval':
      return h(
        '200 OK',
        ['X-Empty:', 'Content-Type: application/json', 'Vary: Accept', `Content-Length: ${json.length}`],
        json,
      );
    case 'trailer':
      return h(
        '200 OK',
        ['Content-Type: application/json', 'Transfer-Encoding: chunked', 'Trailer: X-Sum'],
        `${json.length.toString(16)}\r\n${json}\r\n0\r\nX-Sum: 9\r\n\r\n`,
      );
    case 'hints':
      return Buffer.concat([
        Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n'),
        h('200 OK', ['Content-Type: application/json', `Content-Length: ${json.length}`], json),
      ]);
    case 'twotypes':
      return h(
        '200 OK',
        ['Content-Type: application/json', 'Content-Type: text/plain', `Content-Length: ${json.length}`],
        json,
      );
    case 'badjson':
      return h('200 OK', ['Content-Type: application/json;charset=utf-8', 'Content-Length: 6'], '{"a": ');
    case 'xmltype': {
      const x = '<a><c>t</c></a>';
      return h('200 OK', ['Content-Type: application/xml-dtd', `Content-Length: ${x.length}`], x);
    }
    case 'xmlfault': {
      const x =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>no</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
      return h('200 OK', ['Content-Type: application/xml', `Content-Length: ${x.length}`], x);
    }
    case 'soapfault': {
      const x =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>down</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
      return h(
        '500 Internal Server Error',
        ['Content-Type: text/xml; charset=UTF-8', `Content-Length: ${x.length}`],
        x,
      );
    }
    case 'soap12': {
      const x =
        '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><r>12</r></env:Body></env:Envelope>';
      return h(
        '200 OK',
        ['Content-Type: application/soap+xml; charset=UTF-8', `Content-Length: ${x.length}`],
        x,
      );
    }
    case 'soapfault200': {
      const x =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>bad</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
      return h('200 OK', ['Content-Type: text/xml', `Content-Length: ${x.length}`], x);
    }
    case 'eof':
    case 'smallcut':
    case 'bigcut':
      // (the back end closes the connection after these bytes: an HTTP/1.0 answer read to its end, or one cut short)
      return kase === 'eof'
        ? Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n' + json)
        : h(
            '200 OK',
            ['Content-Type: application/json', `Content-Length: ${kase === 'bigcut' ? 900_000 : 50}`],
            json,
          );
    case 'reset':
      return 'reset';
    // (review R2) header lines node:http reads specially, many lines, no or an odd reason, bytes past ASCII
    case 'special':
      return h(
        '200 OK',
        [
          'Expect: x',
          'Trailer: y',
          'Keep-Alive: timeout=3',
          'Content-Type: application/json',
          `Content-Length: ${json.length}`,
        ],
        json,
      );
    case 'many':
      return h(
        '200 OK',
        [
          ...Array.from({ length: 40 }, (_, i) => `X-H${i}: ${i}`),
          'Content-Type: application/json',
          `Content-Length: ${json.length}`,
        ],
        json,
      );
    case 'noreason':
      return h('200 ', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'odd':
      return h('299 Odd', ['Content-Type: application/json', `Content-Length: ${json.length}`], json);
    case 'eightbit':
      return Buffer.concat([
        Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Latin: '),
        Buffer.from([0xe9]),
        Buffer.from('\r\nX-Utf8: '),
        Buffer.from('\u20ac', 'utf8'),
        Buffer.from(`\r\nContent-Length: ${json.length}\r\n\r\n${json}`),
      ]);
    default:
      return h('200 OK', ['Content-Type: text/plain', 'Content-Length: 2'], 'ok');
  }
}

async function startRawBackend(): Promise<RawBackend> {
  const seen: string[] = [];
  const server = createServer((s: Socket) => {
    let buf = Buffer.alloc(0);
    s.on('error', () => undefined);
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buf.subarray(0, end).toString('latin1');
        const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
        const chunked = /\r\ntransfer-encoding: *chunked/i.test(head);
        let total = end + 4;
        let body = Buffer.alloc(0);
        if (cl) {
          total += Number(cl[1]);
          if (buf.length < total) return;
          body = buf.subarray(end + 4, total);
        } else if (chunked) {
          const last = buf.indexOf('\r\n0\r\n\r\n', end);
          const first = buf.indexOf('0\r\n\r\n', end + 4);
          const stop = first === end + 4 ? first + 5 : last >= 0 ? last + 7 : -1;
          if (stop < 0) return;
          total = stop;
        }
        const raw = buf.subarray(0, total).toString('latin1');
        buf = buf.subarray(total);
        seen.push(raw);
        const path = head.split(' ')[1] ?? '';
        const kase = path.split('/')[2]?.split('?')[0] ?? '';
        const type = /\r\ncontent-type: *([^\r]*)/i.exec(head)?.[1];
        // (slowNAME: NAME's answer 300 ms later)
        const slow = kase.startsWith('slow');
        const a = answerFor(slow ? kase.slice(4) : kase, body, type);
        if (a === 'reset') {
          s.destroy();
          return;
        }
        if (kase === 'eof' || kase === 'smallcut' || kase === 'bigcut') s.end(a);
        else if (slow) setTimeout(() => s.writable && s.write(a), 300);
        else s.write(a);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, seen, server };
}

/** Sends raw bytes and reads `count` answers (framing: 1xx skipped, Content-Length, chunked, else to the close). */
function exchangeRaw(
  port: number,
  raw: string | Buffer | (string | Buffer)[],
  count = 1,
  head = false,
  gap = 30,
  pace?: (part: number, answers: number) => boolean,
): Promise<string> {
  const parts = Array.isArray(raw) ? raw : [raw];
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    let done = 0;
    let out = '';
    let dechunked: string | undefined;
    // (a bound for a broken case only: every case ends on its answers or the close, the slowest in ~2 s; 10 s so a
    // loaded machine does not cut one)
    const timer = setTimeout(() => {
      s.destroy();
      resolve(`${out}${buf.toString('latin1')}<timeout>`);
    }, 10_000);
    const finish = () => {
      clearTimeout(timer);
      s.destroy();
      resolve(out);
    };
    const parse = (closed: boolean) => {
      for (;;) {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headText = buf.subarray(0, end).toString('latin1');
        const status = Number(headText.split(' ')[1]);
        let total: number;
        if (status >= 100 && status < 200) total = end + 4;
        else if (head || status === 204 || status === 304) total = end + 4;
        else {
          const cl = /\r\ncontent-length: *(\d+)/i.exec(headText);
          if (cl) total = end + 4 + Number(cl[1]);
          else if (/\r\ntransfer-encoding: *chunked/i.test(headText)) {
            // (the chunks' data joined: where a streamed body's chunks are cut depends on how its bytes arrived)
            let p = end + 4;
            let data = '';
            for (;;) {
              const eol = buf.indexOf('\r\n', p);
              if (eol < 0) return;
              const n = parseInt(buf.subarray(p, eol).toString('latin1'), 16);
              if (n === 0) {
                if (buf.length < eol + 4) return;
                total = eol + 4;
                break;
              }
              p = eol + 2 + n + 2;
              if (buf.length < p) return;
              data += buf.subarray(eol + 2, eol + 2 + n).toString('latin1');
            }
            dechunked = `${headText}\r\n\r\n<chunked>${data}</chunked>`;
          } else {
            if (!closed) return;
            total = buf.length;
          }
        }
        if (buf.length < total) return;
        out += dechunked ?? buf.subarray(0, total).toString('latin1');
        dechunked = undefined;
        buf = buf.subarray(total);
        if (!(status >= 100 && status < 200) && ++done === count) return finish();
      }
    };
    s.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      parse(false);
    });
    s.on('end', () => {
      parse(true);
      finish();
    });
    s.on('error', reject);
    // (parts: written `gap` ms apart, each its own packet; or each once `pace` says)
    if (pace)
      void (async () => {
        for (let i = 0; i < parts.length && !s.destroyed; i++) {
          while (i > 0 && !pace(i, done) && !s.destroyed) await new Promise((r) => setTimeout(r, 2));
          if (!s.destroyed) s.write(parts[i]);
        }
      })();
    else
      parts.forEach((p, i) =>
        setTimeout(() => {
          if (!s.destroyed) s.write(p);
        }, i * gap),
      );
  });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** A time printed in a log line (EndpointContext's 'Next retry after : …'). */
const CLOCK = /\d\d:\d\d:\d\d/g;
const mask = (t: string) => t.replace(/\r\nDate: [^\r]*/g, '\r\nDate: X').replace(UUID, 'UUID');

function project(bePort: number): Record<string, string> {
  return {
    'RelayApi.xml': `<api ${NS} name="RelayApi" context="/r">
      <resource methods="GET POST PUT PATCH DELETE HEAD OPTIONS" url-mapping="/*">
        <inSequence><call><endpoint key="RelayEp"/></call><respond/></inSequence>
        <faultSequence><log level="custom"><property name="f" expression="get-property('ERROR_CODE')"/></log>
          <payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory>
          <property name="HTTP_SC" value="503" scope="axis2"/><respond/></faultSequence>
      </resource>
    </api>`,
    'RelayEp.xml': `<endpoint ${NS} name="RelayEp"><address uri="http://127.0.0.1:${bePort}/be"/></endpoint>`,
    // (as RelayApi, with an endpoint of its own: RelayEp is marked for suspension by the reset variants)
    'GoneApi.xml': `<api ${NS} name="GoneApi" context="/g">
      <resource methods="POST" url-mapping="/*">
        <inSequence><call><endpoint><address uri="http://127.0.0.1:${bePort}/be"/></endpoint></call><respond/></inSequence>
        <faultSequence><log level="custom"><property name="f" expression="get-property('ERROR_CODE')"/></log>
          <payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory>
          <property name="HTTP_SC" value="503" scope="axis2"/><respond/></faultSequence>
      </resource>
    </api>`,
    'DownApi.xml': `<api ${NS} name="DownApi" context="/down">
      <resource methods="POST GET" url-mapping="/*">
        <inSequence><call><endpoint><address uri="http://127.0.0.1:${closedPortNumber}/x"/></endpoint></call><respond/></inSequence>
      </resource>
    </api>`,
    'HttpEpApi.xml': `<api ${NS} name="HttpEpApi" context="/h">
      <resource methods="POST GET" uri-template="/{id}">
        <inSequence><call><endpoint><http uri-template="http://127.0.0.1:${bePort}/be/echo/fixed"/></endpoint></call><respond/></inSequence>
      </resource>
    </api>`,
    'BadAddressApi.xml': `<api ${NS} name="BadAddressApi" context="/badaddr">
      <resource methods="POST" url-mapping="/*">
        <inSequence><call><endpoint><address uri="http://bad host:1/x"/></endpoint></call><respond/></inSequence>
      </resource>
    </api>`,
    // an endpoint with a <timeout> (the exchange's timer) and suspension settings; a timeout is replayed
    'TimedApi.xml': `<api ${NS} name="TimedApi" context="/t">
      <resource methods="POST GET" url-mapping="/*">
        <inSequence><call><endpoint key="TimedEp"/></call><respond/></inSequence>
        <faultSequence><log level="custom"><property name="f" expression="get-property('ERROR_CODE')"/></log>
          <payloadFactory media-type="json"><format>{"fault":"$1"}</format><args><arg expression="get-property('ERROR_CODE')"/></args></payloadFactory>
          <property name="HTTP_SC" value="504" scope="axis2"/><respond/></faultSequence>
      </resource>
    </api>`,
    'TimedEp.xml': `<endpoint ${NS} name="TimedEp"><address uri="http://127.0.0.1:${bePort}/be">
      <timeout><duration>150</duration><responseAction>fault</responseAction></timeout>
      <markForSuspension><errorCodes>101504,101505</errorCodes><retriesBeforeSuspension>2</retriesBeforeSuspension><retryDelay>0</retryDelay></markForSuspension>
      <suspendOnFailure><errorCodes>101503</errorCodes><initialDuration>1000</initialDuration><progressionFactor>2</progressionFactor><maximumDuration>5000</maximumDuration></suspendOnFailure>
    </address></endpoint>`,
    // http endpoints: a method (the request's, or another), a uri-template with the request's uri.var and query.param
    'HttpMethodApi.xml': `<api ${NS} name="HttpMethodApi" context="/hm">
      <resource methods="POST GET PUT" url-mapping="/*">
        <inSequence><call><endpoint><http method="post" uri-template="http://127.0.0.1:${bePort}/be/echo/m?fixed=1"/></endpoint></call><respond/></inSequence>
      </resource>
    </api>`,
    'HttpVarsApi.xml': `<api ${NS} name="HttpVarsApi" context="/hv">
      <resource methods="POST GET" uri-template="/{id}/items/{rest}">
        <inSequence><call><endpoint><http uri-template="http://127.0.0.1:${bePort}/be/echo/{uri.var.id}/i/{+uri.var.rest}?q={query.param.q}&amp;z={query.param.none}{&amp;query.param.k}"/></endpoint></call><respond/></inSequence>
      </resource>
      <resource methods="DELETE" uri-template="/{id}/gone">
        <inSequence><call><endpoint><http method="delete" uri-template="http://127.0.0.1:${bePort}/be/echo/{uri.var.id}"/></endpoint></call><respond/></inSequence>
      </resource>
      <resource methods="PUT" uri-template="/{id}">
        <inSequence><call><endpoint><http method="PUT" uri-template="http://127.0.0.1:${bePort}/be/{uri.var.id}/{uri.var.missing}"/></endpoint></call><respond/></inSequence>
      </resource>
    </api>`,
    // pass-through proxy services (MI's "direct proxy"): the target endpoint inline or by key, an outSequence of
    // only <send/> or none; one whose outSequence does more is not relayed
    'PassProxy.xml': `<proxy ${NS} name="PassProxy" transports="http https"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint>
      <outSequence><send/></outSequence></target></proxy>`,
    'PassKeyProxy.xml': `<proxy ${NS} name="PassKeyProxy" transports="http"><target endpoint="PassEp"/></proxy>`,
    'PassEp.xml': `<endpoint ${NS} name="PassEp"><address uri="http://127.0.0.1:${bePort}/be/xmlfault"/></endpoint>`,
    'PassSoapFaultProxy.xml': `<proxy ${NS} name="PassSoapFaultProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/soapfault"/></endpoint>
      <outSequence><send/></outSequence></target></proxy>`,
    'PassLoggedProxy.xml': `<proxy ${NS} name="PassLoggedProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint>
      <outSequence><log level="custom"><property name="out" value="1"/></log><send/></outSequence></target></proxy>`,
    'PassAnyProxy.xml': `<proxy ${NS} name="PassAnyProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be"/></endpoint><outSequence><send/></outSequence>
      <faultSequence><log level="custom"><property name="pf" expression="get-property('ERROR_CODE')"/></log><send/></faultSequence>
      </target></proxy>`,
    'PassCallProxy.xml': `<proxy ${NS} name="PassCallProxy"><target><inSequence>
      <call><endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></call><respond/></inSequence>
      </target></proxy>`,
    'PassQosProxy.xml': `<proxy ${NS} name="PassQosProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></target><enableAddressing/></proxy>`,
    'PassParamProxy.xml': `<proxy ${NS} name="PassParamProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></target>
      <parameter name="serviceType">proxy</parameter></proxy>`,
    'PassSendProxy.xml': `<proxy ${NS} name="PassSendProxy"><target>
      <inSequence><send><endpoint key="RelayEp"/></send></inSequence><outSequence><send/></outSequence>
      </target></proxy>`,
    'PassSendInlineProxy.xml': `<proxy ${NS} name="PassSendInlineProxy"><target><inSequence>
      <send><endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></send></inSequence></target></proxy>`,
    'PassSendBuildProxy.xml': `<proxy ${NS} name="PassSendBuildProxy"><target><inSequence>
      <send buildmessage="true"><endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></send></inSequence>
      <outSequence><send/></outSequence></target></proxy>`,
    'PassStoppedProxy.xml': `<proxy ${NS} name="PassStoppedProxy" startOnLoad="false"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></target></proxy>`,
    'PassDownProxy.xml': `<proxy ${NS} name="PassDownProxy"><target>
      <endpoint><address uri="http://127.0.0.1:${closedPortNumber}/x"/></endpoint></target></proxy>`,
    'PassHttpsProxy.xml': `<proxy ${NS} name="PassHttpsProxy" transports="https"><target>
      <endpoint><address uri="http://127.0.0.1:${bePort}/be/echo"/></endpoint></target></proxy>`,
    'LoggedApi.xml': `<api ${NS} name="LoggedApi" context="/logged">
      <resource methods="POST GET" url-mapping="/*">
        <inSequence><log level="simple"/><call><endpoint key="RelayEp"/></call><respond/></inSequence>
      </resource>
    </api>`,
  };
}

let closedPortNumber = 0;

const H = 'Host: relay.test\r\n';
const json = '{"a": 1, "b" : [true, null]}';
const req = (method: string, path: string, extra = '', body?: string, type = 'application/json') =>
  `${method} ${path} HTTP/1.1\r\n${H}${body !== undefined ? `Content-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` : ''}${extra}\r\n${body ?? ''}`;

const soap11 = (action: string | undefined) =>
  `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Header/><soapenv:Body><m:ask xmlns:m="urn:relay">${action ?? 'none'}</m:ask></soapenv:Body></soapenv:Envelope>`;
const soap12 =
  '<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope"><env:Body><m:ask xmlns:m="urn:relay">12</m:ask></env:Body></env:Envelope>';

function proxyVariants(): Variant[] {
  const post = (path: string, extra: string, body: string, type: string) =>
    req('POST', path, extra, body, type);
  return [
    {
      name: 'proxy: SOAP 1.1 with SOAPAction',
      raw: post('/services/PassProxy', 'SOAPAction: "urn:ask"\r\n', soap11('a'), 'text/xml; charset=UTF-8'),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.1 with an empty SOAPAction',
      raw: post('/services/PassProxy', 'SOAPAction: ""\r\n', soap11(''), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.1 without SOAPAction',
      raw: post('/services/PassProxy', '', soap11(undefined), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.2 with action',
      raw: post('/services/PassProxy', '', soap12, 'application/soap+xml; charset=UTF-8; action="urn:ask12"'),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.2 without action',
      raw: post('/services/PassProxy', '', soap12, 'application/soap+xml'),
      relayed: true,
    },
    {
      name: 'proxy: POX',
      raw: post('/services/PassProxy', '', '<o><i>1</i></o>', 'application/xml'),
      relayed: true,
    },
    { name: 'proxy: JSON', raw: post('/services/PassProxy', '', json, 'application/json'), relayed: true },
    {
      name: 'proxy: SOAP on /services/P/op (not relayed: restRequest decides the postfix)',
      raw: post('/services/PassProxy/ask/more?x=1', '', soap11('op'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: JSON on /services/P/op',
      raw: post('/services/PassProxy/op?q=2', '', json, 'application/json'),
      relayed: true,
    },
    { name: 'proxy: GET /services/P/op', raw: req('GET', '/services/PassProxy/op'), relayed: true },
    {
      name: 'proxy: GET with a query (not relayed)',
      raw: req('GET', '/services/PassProxy/op?a=1'),
      relayed: false,
    },
    { name: 'proxy: GET ?wsdl (not relayed)', raw: req('GET', '/services/PassProxy?wsdl'), relayed: false },
    {
      name: 'proxy: endpoint by key, no outSequence',
      raw: post('/services/PassKeyProxy', 'SOAPAction: urn:k\r\n', soap11('k'), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: a SOAP fault answer 500 text/xml (replayed)',
      raw: post('/services/PassSoapFaultProxy', 'SOAPAction: "urn:f"\r\n', soap11('f'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: an outSequence that is not only <send/> (not relayed)',
      raw: post('/services/PassLoggedProxy', 'SOAPAction: "urn:l"\r\n', soap11('l'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: a transport the proxy does not list (not relayed)',
      raw: post('/services/PassHttpsProxy', '', json, 'application/json'),
      relayed: false,
    },
    {
      name: 'proxy: a WSDL port address /services/P.PHttpSoap11Endpoint',
      raw: post(
        '/services/PassProxy.PassProxyHttpSoap11Endpoint',
        'SOAPAction: "urn:p"\r\n',
        soap11('p'),
        'text/xml',
      ),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.1 with WS-Addressing headers (the proxy does not engage addressing)',
      raw: post(
        '/services/PassProxy',
        'SOAPAction: "urn:wsa"\r\n',
        soap11('w').replace(
          '<soapenv:Header/>',
          '<soapenv:Header xmlns:wsa="http://www.w3.org/2005/08/addressing"><wsa:To>http://x.test/s</wsa:To><wsa:MessageID>urn:uuid:1</wsa:MessageID><wsa:Action>urn:wsa</wsa:Action><wsa:ReplyTo><wsa:Address>http://www.w3.org/2005/08/addressing/anonymous</wsa:Address></wsa:ReplyTo></soapenv:Header>',
        ),
        'text/xml',
      ),
      relayed: true,
    },
    {
      name: 'proxy: SOAPAction unquoted, with spaces',
      raw: post('/services/PassProxy', 'SOAPAction:  urn:plain \r\n', soap11('u'), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: SOAPAction with POX',
      raw: post('/services/PassProxy', 'SOAPAction: "urn:pox"\r\n', '<o/>', 'application/xml'),
      relayed: true,
    },
    {
      name: 'proxy: SOAPAction with JSON',
      raw: post('/services/PassProxy', 'SOAPAction: urn:json\r\n', json, 'application/json'),
      relayed: true,
    },
    {
      name: 'proxy: SOAPAction with text/plain',
      raw: post('/services/PassProxy', 'SOAPAction: "urn:t"\r\n', 'words', 'text/plain'),
      relayed: true,
    },
    {
      name: 'proxy: SOAP 1.2 with a SOAPAction header too',
      raw: post(
        '/services/PassProxy',
        'SOAPAction: "urn:both"\r\n',
        soap12,
        'application/soap+xml; action="urn:both"',
      ),
      relayed: true,
    },
    {
      name: 'proxy: GET with a SOAPAction (not relayed)',
      raw: req('GET', '/services/PassProxy', 'SOAPAction: x\r\n'),
      relayed: false,
    },
    {
      name: 'proxy: SOAP 1.1 with MTOM (not relayed)',
      raw: post(
        '/services/PassProxy',
        '',
        soap11('m'),
        'multipart/related; type="application/xop+xml"; boundary=b',
      ),
      relayed: false,
    },
    ...[
      'textxml',
      'soap12',
      'soapfault200',
      'xmlfault',
      'empty',
      'accepted',
      'created',
      'large',
      'notfound',
    ].map((k) => ({
      name: `proxy: answer ${k}`,
      raw: post(`/services/PassAnyProxy/${k}`, '', json, 'application/json'),
      relayed: true,
      served: k === 'large' ? 0 : 1,
    })),
    {
      // (MI converts a SOAP 1.2 answer to a SOAP 1.1 client's version: Axis2Sender.doSOAPFormatConversion)
      name: 'proxy: a SOAP 1.1 request answered in SOAP 1.2 (replayed)',
      raw: post('/services/PassAnyProxy/soap12', 'SOAPAction: "urn:v"\r\n', soap11('v'), 'text/xml'),
      relayed: false,
    },
    ...['soapfault', 'nocontent', 'gzip', 'badreq'].map((k) => ({
      name: `proxy: answer ${k} (replayed)`,
      raw: post(`/services/PassAnyProxy/${k}`, '', json, 'application/json'),
      relayed: false,
    })),
    {
      name: 'proxy: inSequence call + respond, no target endpoint',
      raw: post('/services/PassCallProxy', 'SOAPAction: "urn:c"\r\n', soap11('c'), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: Origin (no CORS lines on a proxy answer)',
      raw: post('/services/PassProxy', 'Origin: http://web.test\r\n', json, 'application/json'),
      relayed: true,
    },
    {
      name: 'proxy: inSequence <send> to an endpoint by key, outSequence <send/>',
      raw: post('/services/PassSendProxy/echo', '', json, 'application/json'),
      relayed: true,
    },
    {
      name: 'proxy: inSequence <send> to an inline endpoint, no outSequence',
      raw: post('/services/PassSendInlineProxy', 'SOAPAction: "urn:s"\r\n', soap11('s'), 'text/xml'),
      relayed: true,
    },
    {
      name: 'proxy: inSequence <send buildmessage> (not relayed)',
      raw: post('/services/PassSendBuildProxy', 'SOAPAction: "urn:b"\r\n', soap11('b'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: enableAddressing (not relayed)',
      raw: post('/services/PassQosProxy', 'SOAPAction: "urn:q"\r\n', soap11('q'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: a parameter (not relayed)',
      raw: post('/services/PassParamProxy', 'SOAPAction: "urn:q"\r\n', soap11('q'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: inactive (startOnLoad false: not relayed)',
      raw: post('/services/PassStoppedProxy', '', json, 'application/json'),
      relayed: false,
    },
    {
      name: 'proxy: back end down (replayed)',
      raw: post('/services/PassDownProxy', 'SOAPAction: "urn:d"\r\n', soap11('d'), 'text/xml'),
      relayed: false,
    },
    {
      name: 'proxy: no such proxy (not relayed)',
      raw: post('/services/NoProxy', '', json, 'application/json'),
      relayed: false,
    },
  ];
}

interface Variant {
  name: string;
  raw: string | Buffer | (string | Buffer)[];
  relayed: boolean | number;
  count?: number;
  head?: boolean;
  /** Answers the raw front end wrote itself (rawFront.ts); by default the relayed ones. */
  served?: number;
  /** Milliseconds between the parts of `raw`. */
  gap?: number;
  /**
   * When each part (a whole request, or requests) is written, instead of `gap` ms after the one before it (on a busy
   * machine 30 ms can pass before the runtime reads the first, and both are then read together): once the answers to
   * the parts before it came (`answered`: one request after the other), or once the back end has the calls of the
   * parts before it (`atBackend`: sent while they are in flight).
   */
  pace?: 'answered' | 'atBackend';
}

const variants: Variant[] = [
  // methods and bodies
  { name: 'POST json', raw: req('POST', '/r/echo/a?x=1&y=%20z', '', json), relayed: true },
  {
    name: 'POST xml',
    raw: req('POST', '/r/echo/a', '', '<o><i>1</i></o>', 'application/xml'),
    relayed: true,
  },
  { name: 'POST text', raw: req('POST', '/r/echo/a', '', 'plain words', 'text/plain'), relayed: true },
  {
    name: 'POST json charset',
    raw: req('POST', '/r/echo', '', json, 'application/json; charset=UTF-8'),
    relayed: true,
  },
  {
    name: 'POST form',
    raw: req('POST', '/r/echo', '', 'a=1&b=2', 'application/x-www-form-urlencoded'),
    relayed: false,
  },
  { name: 'POST text/xml', raw: req('POST', '/r/echo', '', '<o/>', 'text/xml'), relayed: false },
  { name: 'GET', raw: req('GET', '/r/xml/p/q?k=v'), relayed: true },
  {
    name: 'GET with a Content-Type',
    raw: req('GET', '/r/charset', 'Content-Type: application/json\r\n'),
    relayed: true,
  },
  { name: 'PUT json', raw: req('PUT', '/r/echo/9', '', json), relayed: true },
  { name: 'PATCH json', raw: req('PATCH', '/r/echo/9', '', json), relayed: true },
  { name: 'DELETE json', raw: req('DELETE', '/r/echo/9', '', json), relayed: true },
  { name: 'DELETE no body', raw: req('DELETE', '/r/echo/9'), relayed: true },
  {
    name: 'DELETE with Content-Length 0',
    raw: req('DELETE', '/r/xml/9?x=1', 'Content-Length: 0\r\n'),
    relayed: true,
  },
  {
    name: 'DELETE with a Content-Type and no body',
    raw: req('DELETE', '/r/charset', 'Content-Type: application/json\r\n'),
    relayed: true,
  },
  { name: 'DELETE no body, answer 204 (replayed)', raw: req('DELETE', '/r/nocontent'), relayed: false },
  { name: 'DELETE no body, answer 404', raw: req('DELETE', '/r/notfound/1'), relayed: true },
  { name: 'HEAD', raw: req('HEAD', '/r/echo/9'), relayed: false, head: true },
  { name: 'OPTIONS', raw: req('OPTIONS', '/r/echo/9'), relayed: false },
  { name: 'POST empty (Content-Length 0)', raw: req('POST', '/r/echo', '', ''), relayed: false },
  {
    name: 'POST chunked',
    raw: `POST /r/echo HTTP/1.1\r\n${H}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n`,
    relayed: false,
  },
  {
    name: 'POST gzip body',
    raw: Buffer.concat([
      Buffer.from(
        `POST /r/echo HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: ${gzipSync(json).length}\r\n\r\n`,
      ),
      gzipSync(json),
    ]),
    relayed: false,
  },
  { name: 'POST text/csv', raw: req('POST', '/r/echo', '', 'a,b\n1,2\n', 'text/csv'), relayed: true },
  {
    name: 'POST octet-stream',
    raw: req('POST', '/r/echo', '', '\u0001\u0002bin', 'application/octet-stream'),
    relayed: true,
  },
  { name: 'POST vnd+json', raw: req('POST', '/r/echo', '', json, 'application/vnd.api+json'), relayed: true },
  { name: 'POST Application/JSON', raw: req('POST', '/r/echo', '', json, 'Application/JSON'), relayed: true },
  {
    name: 'POST xml charset',
    raw: req('POST', '/r/echo', '', '<o/>', 'application/xml; charset=UTF-8'),
    relayed: true,
  },
  { name: 'POST xhtml', raw: req('POST', '/r/echo', '', '<o/>', 'application/xhtml+xml'), relayed: false },
  { name: 'POST invalid json', raw: req('POST', '/r/echo', '', '{"a": ', 'application/json'), relayed: true },
  {
    name: 'POST html latin1',
    raw: req('POST', '/r/echo', '', '<p>x</p>', 'text/html; charset=ISO-8859-1'),
    relayed: true,
  },
  // client headers
  { name: 'activityid given', raw: req('POST', '/r/echo', 'activityid: my-own-id\r\n', json), relayed: true },
  { name: 'SOAPAction', raw: req('POST', '/r/echo', 'SOAPAction: "urn:x"\r\n', json), relayed: false },
  {
    name: 'custom and duplicated headers',
    raw: req(
      'POST',
      '/r/echo',
      'X-One: 1\r\nx-dup: a\r\nX-Dup: b\r\nAccept: text/plain\r\nAccept: application/json\r\nCookie: c=1\r\nAuthorization: Bearer t\r\n',
      json,
    ),
    relayed: true,
  },
  {
    name: 'Connection close',
    raw: req('POST', '/r/echo', 'Connection: close\r\n', json),
    relayed: true,
    served: 0,
  },
  {
    name: 'Expect 100-continue',
    raw: req('POST', '/r/echo', 'Expect: 100-continue\r\n', json),
    relayed: true,
    served: 0,
  },
  {
    name: 'Accept-Encoding gzip',
    raw: req('POST', '/r/echo', 'Accept-Encoding: gzip, deflate\r\n', json),
    relayed: true,
  },
  { name: 'Origin (CORS)', raw: req('POST', '/r/echo', 'Origin: http://web.test\r\n', json), relayed: true },
  {
    name: 'User-Agent and Te',
    raw: req('POST', '/r/echo', 'User-Agent: curl/8\r\nTE: trailers\r\n', json),
    relayed: true,
  },
  {
    name: 'HTTP/1.0',
    raw: `POST /r/echo HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
    relayed: true,
    served: 0,
  },
  {
    name: 'HTTP/1.0 keep-alive',
    raw: `GET /r/xml HTTP/1.0\r\nConnection: keep-alive\r\n\r\n`,
    relayed: true,
    served: 0,
  },
  {
    name: 'pipelined keep-alive',
    raw: req('POST', '/r/echo/1', '', json) + req('GET', '/r/xml/2') + req('POST', '/r/accepted', '', json),
    relayed: true,
    served: 0,
    count: 3,
  },
  {
    name: 'pipelined behind a streamed answer',
    raw: req('POST', '/r/large', '', json) + req('GET', '/r/chunked') + req('POST', '/r/echo/3', '', json),
    relayed: true,
    served: 0,
    count: 3,
  },
  { name: 'no Host', raw: `GET /r/xml HTTP/1.1\r\n\r\n`, relayed: true },
  {
    name: 'absolute-form request line',
    raw: req('POST', 'http://relay.test:8290/r/echo/abs?q=1', '', json),
    relayed: true,
  },
  {
    name: 'encoded path and double slash',
    raw: req('POST', '/r/echo//a%2Fb/%7Ex?p=%41', '', json),
    relayed: true,
  },
  { name: 'a 206 with Content-Range', raw: req('POST', '/r/partial', '', json), relayed: true },
  // (review R3) a GET naming a SOAP type, other types, an empty activityid, a duplicated Content-Type, a bad escape
  {
    name: 'GET with Content-Type text/xml',
    raw: req('GET', '/r/xml', 'Content-Type: text/xml\r\n'),
    relayed: true,
  },
  {
    name: 'GET with Content-Type application/soap+xml',
    raw: req('GET', '/r/xml', 'Content-Type: application/soap+xml\r\n'),
    relayed: true,
  },
  {
    name: 'POST xml-patch+xml',
    raw: req('POST', '/r/echo', '', '<o/>', 'application/xml-patch+xml'),
    relayed: true,
  },
  {
    name: 'activityid in mixed case',
    raw: req('POST', '/r/echo', 'ActivityID: Mine\r\n', json),
    relayed: true,
  },
  { name: 'empty activityid', raw: req('POST', '/r/echo', 'activityid: \r\n', json), relayed: true },
  {
    name: 'duplicated Content-Type',
    raw: req('POST', '/r/echo', 'Content-Type: text/xml\r\n', json),
    relayed: true,
  },
  { name: 'a bad escape in the path', raw: req('POST', '/r/echo/%zz%2', '', json), relayed: true },
  { name: 'GET with an empty Content-Type', raw: req('GET', '/r/xml', 'Content-Type: \r\n'), relayed: true },
  {
    name: 'GET with a form Content-Type',
    raw: req('GET', '/r/xml?a=1', 'Content-Type: application/x-www-form-urlencoded\r\n'),
    relayed: true,
  },
  {
    name: 'GET with a multipart Content-Type',
    raw: req('GET', '/r/xml', 'Content-Type: multipart/form-data; boundary=b\r\n'),
    relayed: true,
  },
  { name: 'GET the context with a query', raw: req('GET', '/r?x=1'), relayed: true },
  { name: 'GET the context with a slash', raw: req('GET', '/r/'), relayed: true },
  { name: 'GET ?wsdl on an API', raw: req('GET', '/r/xml?wsdl'), relayed: true },
  // answers
  ...[
    'server',
    'reason',
    'created-plain',
    'accepted',
    'cookies',
    'empty',
    'charset',
    'xml',
    'html',
    'octet',
    'chunked',
    'large',
    'emptyval',
    'trailer',
    'hints',
    'badjson',
    'xmltype',
    'xmlfault',
    'notfound',
    'error',
    'unauth',
    'badgateway',
    'created',
  ].map((k) => ({
    name: `answer ${k}`,
    raw: req('POST', `/r/${k}`, '', json),
    relayed: true,
    // (a streamed body is written through node:http: rawFront.ts hands the connection over)
    served: k === 'chunked' || k === 'large' || k === 'trailer' ? 0 : 1,
  })),
  ...[
    'nocontent',
    'redirect',
    'notmodified',
    'badreq',
    'unavailable',
    'notype',
    'gzip',
    'textxml',
    'twotypes',
  ].map((k) => ({ name: `answer ${k} (replayed)`, raw: req('POST', `/r/${k}`, '', json), relayed: false })),
  { name: 'GET answer gzip (replayed)', raw: req('GET', '/r/gzip'), relayed: false },
  {
    name: 'answer read to the back end closing',
    raw: req('POST', '/r/eof', '', json),
    relayed: true,
    served: 0,
  },
  {
    name: 'answer cut short (small: what came is the answer)',
    raw: req('POST', '/r/smallcut', '', json),
    relayed: true,
  },
  { name: 'answer cut short (streamed)', raw: req('POST', '/r/bigcut', '', json), relayed: true, served: 0 },
  { name: 'GET answer large', raw: req('GET', '/r/large'), relayed: true, served: 0 },
  { name: 'GET answer chunked', raw: req('GET', '/r/chunked'), relayed: true, served: 0 },
  // the raw front end (rawFront.ts): what it reads itself, what it hands to node:http
  {
    name: 'a request split over several packets',
    raw: (() => {
      const r = req('POST', '/r/echo/split', 'X-Part: 1\r\n', json);
      return [r.slice(0, 7), r.slice(7, 40), r.slice(40, r.length - 5), r.slice(r.length - 5)];
    })(),
    relayed: true,
  },
  {
    name: 'a message incomplete for over a second (then node:http reads it)',
    raw: (() => {
      const r = req('POST', '/r/echo/late', '', json);
      return [r.slice(0, 30), r.slice(30)];
    })(),
    gap: 1100,
    relayed: true,
    served: 0,
  },
  {
    name: 'two requests one after the other on a connection',
    raw: [req('POST', '/r/echo/1', '', json), req('GET', '/r/xml/2')],
    relayed: 2,
    count: 2,
    pace: 'answered',
  },
  {
    name: 'a relayed request after a handed-over one on the same connection',
    raw: [
      req('POST', '/r/echo', '', 'a=1', 'application/x-www-form-urlencoded'),
      req('POST', '/r/echo/2', '', json),
    ],
    relayed: 1,
    count: 2,
    served: 0,
    pace: 'answered',
  },
  {
    name: 'a request handed over after a raw one on the same connection',
    raw: [
      req('POST', '/r/echo/1', '', json),
      req('POST', '/r/echo', '', 'a=1', 'application/x-www-form-urlencoded'),
    ],
    relayed: 1,
    count: 2,
    pace: 'answered',
  },
  {
    name: 'a replayed request then a raw one on the same connection',
    raw: [req('POST', '/r/notype', '', json), req('POST', '/r/echo/2', '', json)],
    relayed: 1,
    count: 2,
    served: 0,
    pace: 'answered',
  },
  {
    name: 'pipelined behind a raw request in flight',
    raw: [req('POST', '/r/echo/1', '', json), req('GET', '/r/xml/2') + req('POST', '/r/echo/3', '', json)],
    relayed: 3,
    count: 3,
    served: 1,
    pace: 'atBackend',
  },
  {
    name: 'over 64 KB sent while a raw request is in flight (read after its answer)',
    raw: [
      req('POST', '/r/slow', '', json),
      req('POST', '/r/echo/big', '', JSON.stringify({ big: 'z'.repeat(100_000) })),
    ],
    relayed: 1,
    count: 2,
    served: 1,
    pace: 'atBackend',
  },
  {
    name: 'a request sent while a raw one is in flight, that one replayed (both handed over)',
    raw: [req('POST', '/r/slownotype', '', json), req('POST', '/r/echo/2', '', json)],
    relayed: 1,
    count: 2,
    served: 0,
    pace: 'atBackend',
  },
  {
    name: 'a request sent while a raw one is in flight, that one streamed (both handed over)',
    raw: [req('POST', '/r/slowlarge', '', json), req('GET', '/r/xml/2')],
    relayed: 2,
    count: 2,
    served: 0,
    pace: 'atBackend',
  },
  {
    name: 'a head over 16 KB',
    raw: req('GET', '/r/xml', `X-Big: ${'b'.repeat(17 * 1024)}\r\n`),
    relayed: false,
  },
  { name: 'a malformed request line', raw: 'NOT A REQUEST\r\n\r\n', relayed: false },
  { name: 'a method in lower case', raw: req('post', '/r/echo/lc', '', json), relayed: true, served: 0 },
  {
    name: 'a body longer than its Content-Length',
    raw: req('POST', '/r/echo', '', json).replace(/Content-Length: \d+/, 'Content-Length: 5'),
    relayed: 1,
    count: 2,
    served: 0,
  },
  {
    name: 'Upgrade (no upgrade listener: served as a request)',
    raw: req('GET', '/r/xml', 'Connection: Upgrade\r\nUpgrade: websocket\r\n'),
    relayed: true,
    served: 0,
  },
  {
    name: 'Connection keep-alive on HTTP/1.1',
    raw: req('POST', '/r/echo', 'Connection: keep-alive\r\n', json),
    relayed: true,
  },
  {
    name: 'GET with Content-Length 0 (the answer closes the connection)',
    raw: req('GET', '/r/xml', 'Content-Length: 0\r\n'),
    relayed: true,
  },
  // (review R2) what llhttp and node:http read in their own way: the raw front end reads it alike or hands it over
  {
    name: 'over 32 header lines (flushed early by the parser: node:http reads them)',
    raw: req('POST', '/r/echo', Array.from({ length: 40 }, (_, i) => `X-L${i}: v${i}\r\n`).join(''), json),
    relayed: true,
    served: 0,
  },
  {
    name: 'an obs-fold header line',
    raw: req('POST', '/r/echo', 'X-Fold: a\r\n  b\r\n', json),
    relayed: false,
  },
  {
    name: 'Content-Length twice',
    raw: req('POST', '/r/echo', `Content-Length: ${json.length}\r\n`, json),
    relayed: false,
  },
  {
    name: 'Transfer-Encoding and Content-Length',
    raw: req('POST', '/r/echo', 'Transfer-Encoding: chunked\r\n', json),
    relayed: false,
  },
  {
    name: 'GET with a body',
    raw: `GET /r/xml HTTP/1.1\r\n${H}Content-Length: 5\r\n\r\nhello`,
    relayed: false,
  },
  {
    name: 'Connection values kept alive',
    raw: [
      req('POST', '/r/echo', 'Connection: Keep-Alive\r\n', json),
      req('POST', '/r/echo', 'Connection: foo\r\nConnection: keep-alive, TE\r\nTE: trailers\r\n', json),
    ],
    relayed: 2,
    count: 2,
    pace: 'answered',
  },
  {
    name: 'empty lines before the request line',
    raw: `\r\n${req('POST', '/r/echo', '', json)}`,
    relayed: true,
  },
  {
    name: 'an empty line after the body (node:http reads it)',
    raw: `${req('POST', '/r/echo', '', json)}\r\n`,
    relayed: true,
    served: 0,
  },
  {
    name: 'a Content-Length with leading zeros',
    raw: req('POST', '/r/echo', '', json).replace(/Content-Length: (\d+)/, 'Content-Length: 00$1'),
    relayed: true,
  },
  {
    name: 'bytes past ASCII in a header value and in the path',
    raw: [
      Buffer.concat([
        Buffer.from(`POST /r/echo HTTP/1.1\r\n${H}X-L: `),
        Buffer.from([0xe9, 0x80]),
        Buffer.from(`\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`),
      ]),
      Buffer.from(
        `POST /r/echo/\u00c3\u00a9 HTTP/1.1\r\n${H}Content-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
        'latin1',
      ),
    ],
    relayed: 1,
    count: 2,
    pace: 'answered',
  },
  { name: 'a space before a header colon', raw: req('POST', '/r/echo', 'X-S : a\r\n', json), relayed: false },
  {
    name: 'bare LF line ends',
    raw: `POST /r/echo HTTP/1.1\n${H}Content-Type: application/json\nContent-Length: ${json.length}\n\n${json}`,
    relayed: false,
  },
  ...['special', 'many', 'noreason', 'odd', 'eightbit'].map((k) => ({
    name: `answer ${k} (review R2)`,
    raw: req('POST', `/r/${k}`, '', json),
    relayed: true,
  })),
  // pass-through proxy services (MI's direct proxy): SOAP 1.1 and 1.2, POX, JSON, the REST postfix, a SOAP fault
  ...proxyVariants(),
  // back end down, other flows
  { name: 'back end down (replayed)', raw: req('POST', '/down/x', '', json), relayed: false },
  { name: 'http endpoint', raw: req('POST', '/h/5', '', json), relayed: true },
  {
    name: "http endpoint with the request's method (no postfix)",
    raw: req('POST', '/hm/a/b?x=1', '', json),
    relayed: true,
  },
  {
    name: 'http endpoint with another method (not relayed)',
    raw: req('PUT', '/hm/a', '', json),
    relayed: false,
  },
  { name: 'http endpoint method POST, a GET (not relayed)', raw: req('GET', '/hm/a'), relayed: false },
  {
    name: 'http endpoint uri-template with uri.var and query.param values',
    raw: req('POST', '/hv/4%202/items/p%2Fq?q=a%20b&k=%26v&k=w&q=c+d', '', json),
    relayed: true,
  },
  {
    name: 'http endpoint uri-template, GET without a query',
    raw: req('GET', '/hv/7/items/r'),
    relayed: true,
  },
  {
    name: 'http endpoint method DELETE, a DELETE without a body',
    raw: req('DELETE', '/hv/12/gone'),
    relayed: true,
  },
  {
    name: 'http endpoint uri-template with an unset variable and a method',
    raw: req('PUT', '/hv/8', '', json),
    relayed: true,
  },
  { name: 'endpoint <timeout>, answered in time', raw: req('POST', '/t/echo/1', '', json), relayed: true },
  { name: 'endpoint <timeout>, GET answered in time', raw: req('GET', '/t/xml'), relayed: true },
  {
    name: 'endpoint <timeout>, a streamed answer in time',
    raw: req('POST', '/t/large', '', json),
    relayed: true,
    served: 0,
  },
  {
    name: 'endpoint <timeout> expired (replayed: 101504)',
    raw: req('POST', '/t/slowecho', '', json),
    relayed: false,
  },
  {
    name: 'after the timeout, not relayed while the endpoint is marked (markForSuspension)',
    raw: req('POST', '/t/echo/2', '', json),
    relayed: false,
  },
  { name: 'a flow that is not a relay', raw: req('POST', '/logged/echo', '', json), relayed: false },
  { name: 'no API', raw: req('POST', '/nowhere', '', json), relayed: false },
  { name: 'an address that does not parse', raw: req('POST', '/badaddr/x', '', json), relayed: false },
  // (last: a connection reset counts as the endpoint's failure, which takes it off the relay path until it recovers)
  { name: 'answer reset (replayed)', raw: req('POST', '/r/reset', '', json), relayed: false },
  {
    name: 'after the reset, not relayed while the endpoint is marked',
    raw: req('POST', '/r/echo', '', json),
    relayed: false,
  },
];

describe('relay path: byte-identical to the mediation path', function () {
  this.timeout(60_000);
  let be: RawBackend;
  let on: TestRuntime;
  let off: TestRuntime;
  before(async () => {
    closedPortNumber = await closedPort();
    be = await startRawBackend();
    on = await startRuntime(project(be.port));
    off = await startRuntime(project(be.port), { relay: false });
  });
  after(async () => {
    await on?.close();
    await off?.close();
    be?.server.close();
  });

  for (const v of variants)
    it(v.name, async () => {
      const port = (rt: TestRuntime) => Number(new URL(rt.base).port);
      const before = on.rt.relayedCount;
      const raw0 = on.rt.rawCount;
      const n0 = be.seen.length;
      const l0 = on.logs.length;
      const paced = (from: number) =>
        v.pace === 'answered'
          ? (part: number, answers: number) => answers >= part
          : v.pace === 'atBackend'
            ? (part: number) => be.seen.length >= from + part
            : undefined;
      const a = await exchangeRaw(port(on), v.raw, v.count, v.head, v.gap, paced(n0));
      const sentOn = be.seen.slice(n0).map(mask);
      const n1 = be.seen.length;
      const l1 = off.logs.length;
      const b = await exchangeRaw(port(off), v.raw, v.count, v.head, v.gap, paced(n1));
      const sentOff = be.seen.slice(n1).map(mask);
      if (process.env.RELAY_SHOW) console.log(JSON.stringify(mask(a)), JSON.stringify(sentOn));
      assert.equal(mask(a), mask(b));
      assert.deepEqual(sentOn, sentOff);
      // the same log lines (a replayed failure is logged as the mediation path logs it, a relayed answer logs nothing)
      const lines = (rt: TestRuntime, from: number) =>
        rt.logs
          .slice(from)
          .map((r) =>
            mask(`${r.level} {${r.category}} ${r.artifact ?? ''} ${r.message}`).replace(CLOCK, 'T'),
          );
      assert.deepEqual(lines(on, l0), lines(off, l1));
      const relayed = typeof v.relayed === 'number' ? v.relayed : v.relayed ? (v.count ?? 1) : 0;
      assert.equal(on.rt.relayedCount - before, relayed, 'relayed');
      assert.equal(on.rt.rawCount - raw0, v.served ?? relayed, 'served raw');
      assert.equal(off.rt.relayedCount, 0);
      await settled([on, off]);
    });

  const settled = async (rts: TestRuntime[]): Promise<void> => {
    // (every request is over: none left counted in flight, which stop() would wait for)
    for (const rt of rts)
      await until(
        'no request left in flight',
        () => (rt.rt as unknown as { inflight: number }).inflight === 0,
      );
  };
  const logLines = (rt: TestRuntime, from: number) =>
    rt.logs
      .slice(from)
      .map((r) => mask(`${r.level} {${r.category}} ${r.artifact ?? ''} ${r.message}`).replace(CLOCK, 'T'));

  for (const k of ['slow', 'slownotype'])
    it(`a client gone while the back end answers (${k}): the request ends, the same logs (rawFront.ts)`, async () => {
      const raw0 = on.rt.rawCount;
      const lines: string[][] = [];
      for (const rt of [on, off]) {
        const l0 = rt.logs.length;
        const s = connect(Number(new URL(rt.base).port), '127.0.0.1');
        s.on('error', () => undefined);
        const seen0 = be.seen.length;
        s.write(req('POST', `/g/${k}`, '', json));
        // gone while the back end answers: once the call is there (it answers 300 ms later)
        await until('the call at the back end', () => be.seen.length > seen0);
        s.destroy();
        await new Promise((r) => setTimeout(r, 400));
        await settled([rt]);
        lines.push(logLines(rt, l0));
      }
      assert.deepEqual(lines[0], lines[1]);
      assert.equal(on.rt.rawCount, raw0);
    });

  it('an idle raw connection, and one that sent nothing, end at stop (rawFront.ts)', async () => {
    const rt = await startRuntime(project(be.port));
    const port = Number(new URL(rt.base).port);
    const used = connect(port, '127.0.0.1');
    const fresh = connect(port, '127.0.0.1');
    const closed = [used, fresh].map((s) => new Promise((r) => s.on('close', r)));
    await new Promise<void>((r) => {
      used.once('data', () => r());
      used.write(req('POST', '/r/echo', '', json));
    });
    assert.equal(rt.rt.rawCount, 1);
    const t0 = Date.now();
    await rt.close();
    await Promise.all(closed);
    assert.ok(Date.now() - t0 < 900, 'stop waited for an idle connection');
  });

  // (node:http's socketOnEnd: an incomplete message is a parse error answered 400; else the connection is ended, a
  // request in flight abandoned)
  for (const [name, bytes] of [
    ['a client that half-closes after a whole request', req('POST', '/g/slow', '', json)],
    ['a client that half-closes in the middle of a head', 'POST /r/echo HTTP/1.1\r\nHost: x\r\nContent-Le'],
    ['a client that half-closes in the middle of a body', req('POST', '/r/echo', '', json).slice(0, -4)],
  ])
    it(`${name} (rawFront.ts, as node:http)`, async () => {
      const got: string[] = [];
      for (const rt of [on, off])
        got.push(
          await new Promise<string>((resolve) => {
            const s = connect(Number(new URL(rt.base).port), '127.0.0.1');
            let out = '';
            s.on('data', (d: Buffer) => (out += d.toString('latin1')));
            s.on('error', () => undefined);
            s.on('close', () => resolve(mask(out)));
            s.end(bytes);
          }),
        );
      assert.equal(got[0], got[1]);
      await settled([on, off]);
    });
});
