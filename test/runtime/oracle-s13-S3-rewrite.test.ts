/**
 * MI's URL-rewrite integration tests (tests-mediator-1 .../mediator/test/rewrite) replayed with our own proxies: a
 * SOAP client sets wsa:To, the rewrite mediator changes the To address fragment by fragment, a send with no endpoint
 * goes there. What RewriteAction/URIFragments do: an action on fragment="full" replaces the whole URL whatever its
 * type (append/prepend/remove included); any action on fragment="port" sets the port to its value; the URL is put
 * back together by java.net.URI's 7-part constructor.
 */
import assert from 'node:assert/strict';
import { formatUrl, parseUrl } from '../../runtime-debug/engine/mediators/rewrite';
import { api, NS, send, startBackend, startRuntime, type Backend, type TestRuntime } from './helpers';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';
const WSA = 'http://www.w3.org/2005/08/addressing';

const envelope = (to: string): string =>
  `<s:Envelope xmlns:s="${S11}" xmlns:a="${WSA}"><s:Header><a:To>${to}</a:To><a:Action>urn:getPrice</a:Action>` +
  '</s:Header><s:Body><getPrice><item>pear</item></getPrice></s:Body></s:Envelope>';

const proxy = (name: string, body: string): string =>
  `<proxy ${NS} name="${name}" transports="http"><target><inSequence>${body}` +
  `<log level="custom"><property name="sentTo" expression="get-property('To')"/></log><send/>` +
  `</inSequence><outSequence><send/></outSequence></target></proxy>`;

const onProtocol = (value: string, actions: string): string =>
  `<rewriterule><condition><equal xmlns="" type="url" source="protocol" value="${value}"/></condition>${actions}</rewriterule>`;

describe('oracle s13 S3: URL rewrite of the wsa:To address (MI rewrite test cases)', () => {
  let be: Backend;
  let t: TestRuntime;
  before(async () => {
    be = await startBackend((req, res) => {
      res.writeHead(200, { 'content-type': 'text/xml' });
      res.end(
        `<s:Envelope xmlns:s="${S11}"><s:Body><price path="${req.url}">3.5</price></s:Body></s:Envelope>`,
      );
    });
    const target = `http://127.0.0.1:${be.port}/shop/PriceService`;
    t = await startRuntime({
      'FullAppend.xml': proxy(
        'FullAppend',
        `<property name="goTo" value="${target}"/><rewrite>` +
          onProtocol('http', `<action value="${target}" type="append" fragment="full"/>`) +
          onProtocol('https', `<action xpath="get-property('goTo')" type="prepend" fragment="full"/>`) +
          '</rewrite>',
      ),
      'RemoveThenAdd.xml': proxy(
        'RemoveThenAdd',
        '<rewrite><rewriterule><action type="remove" fragment="full"/></rewriterule></rewrite>' +
          `<rewrite><rewriterule><action value="${target}" type="append" fragment="full"/></rewriterule></rewrite>`,
      ),
      'ProtocolBack.xml': proxy(
        'ProtocolBack',
        '<rewrite><rewriterule><action type="remove" fragment="protocol"/></rewriterule></rewrite>' +
          '<rewrite><rewriterule><action value="http" type="append" fragment="protocol"/></rewriterule></rewrite>',
      ),
      'PortActions.xml': proxy(
        'PortActions',
        `<property name="goodPort" value="${be.port}"/><rewrite>` +
          onProtocol('http', `<action value="${be.port}" type="append" fragment="port"/>`) +
          onProtocol(
            'https',
            `<action xpath="get-property('goodPort')" type="prepend" fragment="port"/><action value="http" fragment="protocol"/>`,
          ) +
          '</rewrite>',
      ),
      'Authority.xml': api(
        'Authority',
        '/authority',
        `<property name="in" expression="$trp:X-Url"/>
         <rewrite inProperty="in" outProperty="mid">
           <rewriterule><condition><equal type="header" source="X-Drop" value="host"/></condition>
             <action type="remove" fragment="host"/></rewriterule>
         </rewrite>
         <rewrite inProperty="mid" outProperty="out">
           <rewriterule><condition><equal type="header" source="X-Drop" value="host"/></condition>
             <action type="set" fragment="host" value="api.example.org"/></rewriterule>
         </rewrite>
         <payloadFactory media-type="json"><format>{"out": "$1"}</format><args><arg expression="$ctx:out"/></args></payloadFactory><respond/>`,
      ),
      'Chained.xml': proxy(
        'Chained',
        `<rewrite>` +
          onProtocol(
            'htt',
            `<action value="p" type="append" fragment="protocol"/><action value="${be.port}" regex="\\w.*" type="replace" fragment="port"/>`,
          ) +
          onProtocol(
            'https',
            `<action value="s" type="append" fragment="protocol"/><action type="remove" fragment="protocol"/>` +
              `<action value="http" type="set" fragment="protocol"/><action value="${be.port}" regex="\\w.*" type="replace" fragment="port"/>`,
          ) +
          `<rewriterule><condition><equal xmlns="" type="url" source="port" value="7"/></condition>` +
          `<action value="${be.port}" type="set" fragment="port"/><action value="/shop/Other" regex="/\\w+/\\w+" type="replace" fragment="path"/></rewriterule>` +
          '</rewrite>',
      ),
    });
  });
  after(async () => {
    await t?.close();
    await be?.close();
  });

  const call = async (proxyName: string, to: string) => {
    const n = be.requests.length;
    const r = await send(`${t.base}/services/${proxyName}`, {
      body: envelope(to),
      type: 'text/xml',
      headers: { SOAPAction: 'urn:getPrice' },
    });
    const logs = t.logs.map((l) => l.message).join('\n');
    assert.equal(r.status, 200, `${r.status} ${r.text}\n${logs}`);
    assert.equal(be.requests.length, n + 1);
    return be.requests.at(-1)!.url;
  };

  it('fragment="full" replaces the whole URL whatever the type: append, prepend (MI AppendFullUrlTestCase, PrependFullUrlTestCase)', async () => {
    assert.equal(
      await call('FullAppend', 'http://shop.example.com:9000/services/Gone'),
      '/shop/PriceService',
    );
    assert.equal(await call('FullAppend', 'https://shop.example.com'), '/shop/PriceService');
  });

  it('remove on fragment="full" empties the URL, the next rewrite sets it (MI RemoveReWriteFullUrlTestCase)', async () => {
    assert.equal(await call('RemoveThenAdd', 'http://10.1.2.3:9010/service/Gone'), '/shop/PriceService');
    assert.equal(await call('RemoveThenAdd', 'http://gone.example.com/x'), '/shop/PriceService');
  });

  it('a URL without its scheme round-trips as //host:port/path and takes the appended scheme (MI RemoveReWriteProtocolTestCase)', async () => {
    assert.equal(await call('ProtocolBack', `https://127.0.0.1:${be.port}/shop/Bare`), '/shop/Bare');
  });

  it('append and prepend on fragment="port" set the port to the value (MI AppendPortTestCase, PrependPortTestCase)', async () => {
    assert.equal(await call('PortActions', 'http://127.0.0.1:1/shop/A'), '/shop/A');
    assert.equal(await call('PortActions', 'https://127.0.0.1:1/shop/B'), '/shop/B');
  });

  it('rules run in order on the fragments the earlier ones changed; conditions on protocol and port (MI AppendProtocolTestCase, SetProtocolTestCase)', async () => {
    assert.equal(await call('Chained', 'htt://127.0.0.1:1/shop/C'), '/shop/C');
    assert.equal(await call('Chained', 'https://127.0.0.1:2/shop/D'), '/shop/D');
    assert.equal(await call('Chained', 'http://127.0.0.1:7/shop/E'), '/shop/Other');
  });

  // URIFragments.toURI is java.net.URI's 7-part constructor: no host, no authority (user and port go with it); an
  // authority that is not [user@]host[:port] (an '_' in the host, no host before ':port') parses registry-based:
  // getHost() null, getPort() -1. A URI with a space is malformed: handleException, the fault sequence
  const rewriteOf = async (url: string, drop = '') => {
    const r = await send(`${t.base}/authority`, { headers: { 'X-Url': url, 'X-Drop': drop } });
    return r.status === 200 ? (r.json() as { out: string }).out : `status ${r.status}`;
  };

  it('a host removed by one rewrite takes the port and user with it; the next rewrite sets a host on what is left (MI RemoveReWriteHostNameTestCase)', async () => {
    assert.equal(
      await rewriteOf('http://ann@10.1.2.3:9000/services/Quote', 'host'),
      'http://api.example.org/services/Quote',
    );
    assert.equal(
      await rewriteOf('http://ann@10.1.2.3:9000/services/Quote'),
      'http://ann@10.1.2.3:9000/services/Quote',
    );
  });

  it('an authority java.net.URI reads as registry-based has no host and no port; a space is malformed', async () => {
    assert.equal(await rewriteOf('http://order_db:9000/q'), 'http:/q');
    assert.equal(await rewriteOf('http://:9000/q'), 'http:/q');
    assert.equal(await rewriteOf('http://h.example.org:/q'), 'http://h.example.org/q');
    assert.equal(await rewriteOf('http://h.example.org/a b'), 'status 202');
  });

  // review R1: java.net.URI's getters give an opaque URI no path and no query (its scheme-specific part is neither),
  // so URIFragments rebuilds it from the scheme and what the rules set; a scheme alone does not parse back
  // (URISyntaxException: the rewrite mediator's handleException)
  it('an opaque URI (urn:, mailto:) has no path or query: a host set on it gives scheme://host, a scheme left alone faults (MI URLRewriteMediator, URIFragments)', async () => {
    assert.equal(
      formatUrl({ ...parseUrl('urn:isbn:0451450523'), host: 'api.example.org' }),
      'urn://api.example.org',
    );
    assert.equal(
      formatUrl({ ...parseUrl('mailto:ann@example.org?subject=x#top'), query: 'a=1' }),
      'mailto:?a=1#top',
    );
    assert.equal(await rewriteOf('urn:isbn:0451450523', 'host'), 'status 202');
    assert.equal(await rewriteOf('mailto:ann@example.org'), 'status 202');
  });
});
