/** Over real LSP: completion of elements, attributes, values, keys, expressions and closing tags; hover. */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, positionAt } from './lspClient';
import { expandSnippet } from '../../server/features/snippets';

const ART = 'src/main/wso2mi/artifacts';
const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: completion and hover', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let scratch: string;

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root] });
    await client.indexed();
    scratch = await client.open(
      join(fx.root, ART, 'apis/ScratchAPI.xml'),
      `<api ${NS} name="ScratchAPI" context="/s"/>`,
    );
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  /** Completion at the `|` of the text (the marker is removed). */
  const completeAt = async (textWithCursor: string): Promise<CompletionItem[]> => {
    const at = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
    await client.change(scratch, text);
    const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: scratch },
      position: positionAt(text, at),
    });
    return Array.isArray(res) ? res : res.items;
  };
  const hoverAt = async (textWithCursor: string): Promise<string | undefined> => {
    const at = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
    await client.change(scratch, text);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: scratch },
      position: positionAt(text, at),
    });
    return h ? (h.contents as MarkupContent).value : undefined;
  };
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);
  const api = (inner: string) =>
    `<api ${NS} name="ScratchAPI" context="/s">\n  <resource methods="GET" uri-template="/{orderId}/items?limit={max}">\n    <inSequence>\n${inner}\n    </inSequence>\n  </resource>\n</api>`;

  it('offers the mediators valid in a sequence, with snippet bodies, and not other elements', async () => {
    const items = await completeAt(api('      <|'));
    const names = labels(items);
    for (const m of ['log', 'call', 'respond', 'filter', 'property', 'payloadFactory', 'sequence', 'switch'])
      assert.ok(names.includes(m), m);
    for (const bad of ['resource', 'then', 'inSequence', 'api', 'case']) assert.ok(!names.includes(bad), bad);
    const filter = items.find((i) => i.label === 'filter')!;
    assert.equal(filter.insertTextFormat, 2);
    // documentation comes on completionItem/resolve, not in the list
    assert.equal(filter.documentation, undefined);
    const resolved = await client.request<CompletionItem>('completionItem/resolve', filter);
    assert.equal((resolved.documentation as MarkupContent).kind, 'markdown');
    assert.match((resolved.documentation as MarkupContent).value, /^\*\*filter\*\*/);
    assert.deepEqual(resolved.textEdit, filter.textEdit);
    const prop = items.find((i) => i.label === 'property')!;
    const body = expandSnippet((prop.textEdit as { newText: string }).newText);
    assert.match(body, /^property name="[^"]+"/);
    assert.ok(
      names.includes('/inSequence') === false,
      'inSequence is closed already: no closing tag offered',
    );
  });

  it('offers the named children of filter, and each only as often as allowed', async () => {
    const both = labels(await completeAt(api('      <filter xpath="true()">\n        <|\n      </filter>')));
    assert.ok(both.includes('then') && both.includes('else'), both.join());
    const onlyElse = labels(
      await completeAt(api('      <filter xpath="true()">\n        <then/>\n        <|\n      </filter>')),
    );
    assert.ok(!onlyElse.includes('then') && onlyElse.includes('else'), onlyElse.join());
  });

  it('offers attributes not yet present, as name="value" snippets, and enum values', async () => {
    const items = await completeAt(api('      <log level="full" |/>'));
    const names = labels(items);
    assert.ok(names.includes('category') && names.includes('separator'), names.join());
    assert.ok(!names.includes('level'));
    const cat = items.find((i) => i.label === 'category')!;
    assert.match((cat.textEdit as { newText: string }).newText, /^category="\$\{1\|/);
    const values = labels(await completeAt(api('      <log level="|"/>')));
    for (const v of ['simple', 'headers', 'full', 'custom']) assert.ok(values.includes(v), v);
  });

  it('opens on a typed space only for attribute names', async () => {
    const trig = async (textWithCursor: string, ch: string) => {
      const at = textWithCursor.indexOf('|');
      const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
      await client.change(scratch, text);
      return client.request<CompletionItem[]>('textDocument/completion', {
        textDocument: { uri: scratch },
        position: positionAt(text, at),
        context: { triggerKind: 2, triggerCharacter: ch },
      });
    };
    assert.ok(labels(await trig(api('      <log |/>'), ' ')).includes('level'));
    assert.deepEqual(await trig(api('      <filter xpath="a = |"/>'), ' '), []);
    assert.deepEqual(await trig(api('      <log><message>hello |</message></log>'), ' '), []);
  });

  it('completes an unterminated value without eating the next lines', async () => {
    const items = await completeAt(api('      <sequence key="Valid|\n      <respond/>'));
    const item = items.find((i) => i.label === 'ValidateOrderSeq');
    assert.ok(item, labels(items).join());
    const r = (item.textEdit as { range: { start: { line: number }; end: { line: number } } }).range;
    assert.equal(r.end.line, r.start.line);
  });

  it('offers the parameters MI reads for an inbound endpoint, a proxy and a processor, and their fixed values', async () => {
    const ib = (protocol: string, inner: string) =>
      `<inboundEndpoint ${NS} name="In" protocol="${protocol}" sequence="s"><parameters>${inner}</parameters></inboundEndpoint>`;
    const file = labels(
      await completeAt(ib('file', '<parameter name="interval">50</parameter><parameter name="|"/>')),
    );
    for (const n of [
      'transport.vfs.FileURI',
      'transport.vfs.ActionAfterProcess',
      'transport.vfs.FileNamePattern',
    ])
      assert.ok(file.includes(n), `${n} in ${file.join()}`);
    assert.ok(!file.includes('interval'), 'a parameter already given is not offered again');
    assert.ok(!file.includes('inbound.http.port'));
    const http = labels(await completeAt(ib('http', '<parameter name="|"/>')));
    assert.ok(http.includes('inbound.http.port') && !http.includes('transport.vfs.FileURI'), http.join());
    const proc = labels(
      await completeAt(
        `<messageProcessor ${NS} name="P" class="org.apache.synapse.message.processor.impl.forwarder.ScheduledMessageForwardingProcessor" messageStore="S"><parameter name="|"/></messageProcessor>`,
      ),
    );
    assert.ok(proc.includes('max.delivery.attempts') && proc.includes('non.retry.status.codes'), proc.join());
    const proxy = labels(
      await completeAt(`<proxy ${NS} name="P" transports="vfs"><target/><parameter name="|"/></proxy>`),
    );
    assert.ok(
      proxy.includes('transport.PollInterval') && proxy.includes('transport.vfs.FileURI'),
      proxy.join(),
    );
    const values = labels(
      await completeAt(ib('file', '<parameter name="transport.vfs.ActionAfterProcess">|</parameter>')),
    );
    assert.deepEqual(values, ['DELETE', 'MOVE', 'NONE']);
    // and hover on a known parameter name says what it is
    const h = await hoverAt(
      ib('file', '<parameter name="transport.vfs.Action|AfterProcess">MOVE</parameter>'),
    );
    assert.match(h ?? '', /\*\*transport\.vfs\.ActionAfterProcess\*\* — parameter of `<inboundEndpoint>`/);
    assert.match(h ?? '', /Values: `DELETE`, `MOVE`, `NONE`/);
  });

  it('offers the parameters of the called template, and HTTP methods', async () => {
    const params = await completeAt(
      api(
        '      <call-template target="AuditTemplate">\n        <with-param name="|"/>\n      </call-template>',
      ),
    );
    assert.deepEqual(labels(params), ['who']);
    assert.match(params[0].detail!, /mandatory parameter of AuditTemplate/);
    const methods = labels(
      await completeAt(`<api ${NS} name="ScratchAPI" context="/s">\n  <resource methods="GET |"/>\n</api>`),
    );
    assert.ok(methods.includes('POST') && !methods.includes('GET'), methods.join());
  });

  it('offers artifact keys of the right kind from the index', async () => {
    const seqItems = await completeAt(api('      <sequence key="|"/>'));
    // the project's keys come lean (a project may have hundreds): their kind and where they are defined on resolve
    const project = seqItems.filter((i) => i.detail === undefined);
    assert.deepEqual(labels(project).sort(), ['OrderErrorSeq', 'ValidateOrderSeq']);
    const builtins = labels(seqItems.filter((i) => i.detail === 'built-in sequence'));
    assert.ok(builtins.includes('main') && builtins.includes('fault'), builtins.join());
    const validate = project.find((i) => i.label === 'ValidateOrderSeq')!;
    const doc = (i: CompletionItem) => (i.documentation as MarkupContent | undefined)?.value;
    assert.equal(doc(validate), undefined);
    const resolved = await client.request<CompletionItem>('completionItem/resolve', validate);
    assert.equal(resolved.detail, 'sequence');
    assert.equal(doc(resolved), 'Defined in `src/main/wso2mi/artifacts/sequences/ValidateOrderSeq.xml`');
    assert.deepEqual(resolved.textEdit, validate.textEdit);
    const main = seqItems.find((i) => i.label === 'main')!;
    assert.match(
      doc(await client.request<CompletionItem>('completionItem/resolve', main)) ?? '',
      /Micro Integrator/,
    );
    const eps = labels(await completeAt(api('      <call><endpoint key="|"/></call>')));
    assert.deepEqual(eps, ['OrderBackendEP']);
    const tpl = labels(await completeAt(api('      <call-template target="|"/>')));
    assert.ok(tpl.includes('AuditTemplate'), tpl.join());
    const stores = labels(await completeAt(api('      <store messageStore="|"/>')));
    assert.deepEqual(stores, ['PendingOrdersStore']);
    const xslt = labels(await completeAt(api('      <xslt key="|"/>')));
    assert.ok(xslt.includes('gov:/xslt/to-summary.xslt'), xslt.join());
  });

  it('offers a new sequence in keys and in snippet bodies as soon as its file is open, and forgets it when closed', async () => {
    const seqSnippet = async () => {
      const items = await completeAt(api('      <|'));
      return (items.find((i) => i.label === 'sequence')!.textEdit as { newText: string }).newText;
    };
    const before = await seqSnippet();
    assert.match(before, /OrderErrorSeq/);
    assert.doesNotMatch(before, /AaaFreshSeq/);
    const path = join(fx.root, ART, 'sequences/AaaFreshSeq.xml');
    const u = await client.open(path, `<sequence ${NS} name="AaaFreshSeq"/>`);
    try {
      assert.match(await seqSnippet(), /AaaFreshSeq/);
      assert.ok(labels(await completeAt(api('      <sequence key="|"/>'))).includes('AaaFreshSeq'));
      // renamed in the editor: the old name goes, the new one comes
      await client.change(u, `<sequence ${NS} name="AaaRenamedSeq"/>`);
      const keys = labels(await completeAt(api('      <sequence key="|"/>')));
      assert.ok(keys.includes('AaaRenamedSeq') && !keys.includes('AaaFreshSeq'), keys.join());
      assert.match(await seqSnippet(), /AaaRenamedSeq/);
    } finally {
      await client.close(u);
    }
    // closed and never saved: no file on disk, so the name is gone again
    assert.ok(!labels(await completeAt(api('      <sequence key="|"/>'))).includes('AaaRenamedSeq'));
    assert.equal(await seqSnippet(), before);
  });

  it('completes inside ${...}: roots, functions, scopes, path and query parameters, variables', async () => {
    const roots = labels(await completeAt(api('      <log><message>${|}</message></log>')));
    for (const r of ['payload', 'vars', 'headers', 'props', 'params', 'configs', 'toUpper', 'exists'])
      assert.ok(roots.includes(r), r);
    const scopes = labels(await completeAt(api('      <variable name="x" expression="${props.|}"/>')));
    assert.deepEqual(scopes.sort(), ['axis2', 'synapse']);
    const kinds = labels(await completeAt(api('      <variable name="x" expression="${params.|}"/>')));
    assert.deepEqual(kinds.sort(), ['functionParams', 'pathParams', 'queryParams']);
    const path = labels(
      await completeAt(api('      <variable name="x" expression="${params.pathParams.|}"/>')),
    );
    assert.deepEqual(path, ['orderId']);
    const query = labels(
      await completeAt(api('      <variable name="x" expression="${params.queryParams.l|}"/>')),
    );
    assert.ok(query.includes('limit'), query.join());
    const vars = labels(
      await completeAt(
        api('      <variable name="total" value="1"/>\n      <log><message>${vars.|}</message></log>'),
      ),
    );
    assert.deepEqual(vars, ['total']);
    const axis2 = labels(await completeAt(api('      <log><message>${props.axis2.|}</message></log>')));
    assert.ok(axis2.includes('HTTP_SC'), axis2.join());
  });

  it("completes get-property('...') scopes and names, and $ctx: / $trp: names", async () => {
    const first = labels(
      await completeAt(
        api(
          `      <property name="orderTotal" value="1"/>\n      <log><property name="p" expression="get-property('|')"/></log>`,
        ),
      ),
    );
    for (const x of ['axis2', 'transport', 'env', 'orderTotal', 'ERROR_MESSAGE'])
      assert.ok(first.includes(x), x);
    const second = labels(
      await completeAt(api(`      <log><property name="p" expression="get-property('axis2', '|')"/></log>`)),
    );
    assert.ok(second.includes('HTTP_SC') && !second.includes('ERROR_MESSAGE'), second.join());
    // the names as MI's axis2-properties page spells them (FORCE_HTTP_1.0, not the Java constant's FORCE_HTTP_1_0)
    for (const x of ['FORCE_HTTP_1.0', 'HTTP_ETAG', 'FAULTS_AS_HTTP_200', 'non.error.http.status.codes'])
      assert.ok(second.includes(x), x);
    assert.ok(!second.includes('FORCE_HTTP_1_0'), second.join());
    const ctx = labels(
      await completeAt(api(`      <property name="orderTotal" value="1"/>\n      <filter xpath="$ctx:|"/>`)),
    );
    assert.ok(ctx.includes('orderTotal'), ctx.join());
    const trp = labels(await completeAt(api(`      <filter xpath="$trp:|"/>`)));
    assert.ok(trp.includes('Content-Type'), trp.join());
    const fns = labels(await completeAt(api(`      <filter xpath="conc|"/>`)));
    assert.ok(fns.includes('concat') && fns.includes('get-property'), fns.join());
  });

  it('completes closing tags and the artifact roots of an empty document', async () => {
    const close = await completeAt(
      `<api ${NS} name="ScratchAPI" context="/s">\n  <resource methods="GET">\n    </|`,
    );
    assert.deepEqual(labels(close), ['/resource']);
    assert.equal((close[0].textEdit as { newText: string }).newText, 'resource>');
    const roots = await completeAt('<|');
    const names = labels(roots);
    for (const r of [
      'api',
      'proxy',
      'sequence',
      'endpoint',
      'localEntry',
      'template',
      'inboundEndpoint',
      'task',
      'messageStore',
      'messageProcessor',
    ]) {
      assert.ok(names.includes(r), r);
    }
    const seq = roots.find((i) => i.label === 'sequence')!;
    assert.match(
      expandSnippet((seq.textEdit as { newText: string }).newText),
      /^sequence xmlns="http:\/\/ws\.apache\.org\/ns\/synapse" name="[^"]+"/,
    );
  });

  it('shows the signature of the function being called and the argument being typed', async () => {
    const sigAt = async (textWithCursor: string) => {
      const at = textWithCursor.indexOf('|');
      const text = textWithCursor.slice(0, at) + textWithCursor.slice(at + 1);
      await client.change(scratch, text);
      return client.request<{
        signatures: { label: string; parameters: { label: [number, number] }[] }[];
        activeParameter: number;
      } | null>('textDocument/signatureHelp', {
        textDocument: { uri: scratch },
        position: positionAt(text, at),
      });
    };
    const x = await sigAt(api(`      <filter xpath="concat('a', substring('abc', 1, |"/>`));
    assert.match(x!.signatures[0].label, /^substring\(/);
    assert.equal(x!.activeParameter, 2);
    const s = await sigAt(api('      <log><message>${subString(payload.name, |}</message></log>'));
    assert.match(s!.signatures[0].label, /^subString\(s, start/);
    assert.equal(s!.activeParameter, 1);
    const [a, b] = s!.signatures[0].parameters[1].label;
    assert.equal(s!.signatures[0].label.slice(a, b), 'start');
    assert.equal(await sigAt(api('      <log level="fu|ll"/>')), null);
  });

  it('answers completion while validation is pending (never blocked behind it)', async () => {
    // Ordering, not timing: the completion for an edit arrives before that edit's (debounced) diagnostics.
    const before = client.published.length;
    const items = await completeAt(api('      <|'));
    const answeredAfter = client.published.slice(before).filter((p) => p.uri === scratch).length;
    assert.ok(items.length > 10);
    assert.equal(answeredAfter, 0, 'diagnostics of the edit were published before completion answered');
    await client.nextDiagnostics(scratch, before);
  });

  it('answers from the latest text after a burst of incremental edits sent without waiting', async () => {
    // analysis is lazy (once per burst, on the next request): every edit of the burst must still count
    const base = api('      <log/>');
    await client.change(scratch, base);
    const at = positionAt(base, base.indexOf('<log/>'));
    const sends: Promise<void>[] = [];
    for (let i = 0; i < 10; i++) {
      sends.push(client.edit(scratch, { start: at, end: at }, '\n<'));
      sends.push(client.edit(scratch, { start: at, end: { line: at.line + 1, character: 1 } }, ''));
    }
    sends.push(client.edit(scratch, { start: at, end: at }, '<filter xpath="true()">\n<'));
    await Promise.all(sends);
    const pos = { line: at.line + 1, character: 1 };
    const items = await client.request<CompletionItem[]>('textDocument/completion', {
      textDocument: { uri: scratch },
      position: pos,
      context: { triggerKind: 2, triggerCharacter: '<' },
    });
    // inside the filter typed last: its branches, not the sequence's mediators only
    assert.ok(labels(items).includes('then') && labels(items).includes('else'), labels(items).join());
    const symbols = await client.request<{ name: string; children?: unknown[] }[]>(
      'textDocument/documentSymbol',
      {
        textDocument: { uri: scratch },
      },
    );
    assert.match(JSON.stringify(symbols), /filter/);
  });

  it('hovers elements, attributes, enum values, references and expression functions', async () => {
    assert.match((await hoverAt(api('      <fil|ter xpath="true()"/>')))!, /\*\*filter\*\*/);
    assert.match((await hoverAt(api('      <log lev|el="full"/>')))!, /\*\*level\*\*/);
    assert.match(
      (await hoverAt(api('      <property name="t" value="1" type="INT|EGER"/>')))!,
      /^`INTEGER` — \S/,
    );
    assert.match(
      (await hoverAt(api('      <sequence key="Validate|OrderSeq"/>')))!,
      /sequence[\s\S]*ValidateOrderSeq\.xml/,
    );
    assert.match((await hoverAt(api('      <sequence key="Nowhere|Seq"/>')))!, /no sequence of this name/);
    assert.match(
      (await hoverAt(api('      <log><message>${toUp|per(payload.name)}</message></log>')))!,
      /toUpper\(s\)/,
    );
    assert.match(
      (await hoverAt(api(`      <filter xpath="con|cat('a', 'b') = 'ab'"/>`)))!,
      /concat\(a, b, \.\.\.\)/,
    );
    assert.match(
      (await hoverAt(api(`      <filter xpath="$axis2:HTTP|_SC = 200"/>`)))!,
      /\*\*HTTP_SC\*\* — axis2 scope property/,
    );
    assert.match(
      (await hoverAt(
        api(`      <log><property name="e" expression="get-property('ERROR_MES|SAGE')"/></log>`),
      ))!,
      /\*\*ERROR_MESSAGE\*\*/,
    );
    assert.match(
      (await hoverAt(api('      <log><message>${props.axis2.messa|geType}</message></log>')))!,
      /\*\*messageType\*\*/,
    );
  });
});
