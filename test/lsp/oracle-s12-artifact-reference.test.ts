/**
 * Over real LSP (helper H3, session 12): the parameters MI's artifact reference documents, offered and explained
 * where they are named: message store parameters by the store class (Synapse JmsStore, JDBCMessageStore,
 * ResequenceMessageStore, RabbitMQStore), the failover forwarding processor's (FailoverForwardingService:
 * message.target.store.name), the properties of a MessageInjector task (its setters: injectTo, format, ...), and the
 * proxy's inbound.only (ProxyServiceMessageReceiver).
 */
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { CompletionItem, CompletionList, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { copyFixture, LspClient, positionAt } from './lspClient';

const NS = 'xmlns="http://ws.apache.org/ns/synapse"';

describe('lsp: the documented parameters of stores, processors, tasks and proxies (H3, s12)', function () {
  let client: LspClient;
  let fx: { root: string; dispose: () => void };
  let scratch: string;

  before(async () => {
    fx = copyFixture();
    client = await LspClient.start({ folders: [fx.root] });
    await client.indexed();
    scratch = await client.open(
      join(fx.root, 'src/main/wso2mi/artifacts/tasks/H3Scratch.xml'),
      `<task ${NS} name="H3Scratch"/>`,
    );
  });
  after(async () => {
    await client?.stop();
    fx?.dispose();
  });

  const at = (textWithCursor: string) => {
    const i = textWithCursor.indexOf('|');
    const text = textWithCursor.slice(0, i) + textWithCursor.slice(i + 1);
    return { text, position: positionAt(text, i) };
  };
  const labels = async (textWithCursor: string): Promise<string[]> => {
    const { text, position } = at(textWithCursor);
    await client.change(scratch, text);
    const res = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
      textDocument: { uri: scratch },
      position,
    });
    return (Array.isArray(res) ? res : res.items).map((i) => i.label);
  };
  const hover = async (textWithCursor: string): Promise<string> => {
    const { text, position } = at(textWithCursor);
    await client.change(scratch, text);
    const h = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: scratch },
      position,
    });
    return h ? (h.contents as MarkupContent).value : '';
  };

  it('a message store offers the parameters of its class', async () => {
    const store = (cls: string) =>
      `<messageStore ${NS} name="Shelf" class="${cls}"><parameter name="|"/></messageStore>`;
    const jdbc = await labels(store('org.apache.synapse.message.store.impl.jdbc.JDBCMessageStore'));
    assert.ok(
      jdbc.includes('store.jdbc.connection.url') && !jdbc.includes('store.resequence.timeout'),
      jdbc.join(),
    );
    const reseq = await labels(
      store('org.apache.synapse.message.store.impl.resequencer.ResequenceMessageStore'),
    );
    assert.ok(reseq.includes('store.resequence.id.path') && reseq.includes('store.jdbc.table'), reseq.join());
    const jms = await labels(store('org.apache.synapse.message.store.impl.jms.JmsStore'));
    assert.ok(jms.includes('store.jms.destination') && jms.includes('java.naming.provider.url'), jms.join());
    const rmq = await labels(store('org.apache.synapse.message.store.impl.rabbitmq.RabbitMQStore'));
    assert.ok(rmq.includes('store.rabbitmq.queue.name'), rmq.join());
    assert.match(
      await hover(
        `<messageStore ${NS} name="Shelf" class="org.apache.synapse.message.store.impl.jms.JmsStore"><parameter name="store.jms.desti|nation">q</parameter></messageStore>`,
      ),
      /default: <store name>_Queue/,
    );
  });

  it('the failover forwarding processor offers message.target.store.name and not target.endpoint', async () => {
    const names = await labels(
      `<messageProcessor ${NS} name="Relay" class="org.apache.synapse.message.processor.impl.failover.FailoverScheduledMessageForwardingProcessor" messageStore="Shelf"><parameter name="|"/></messageProcessor>`,
    );
    assert.ok(
      names.includes('message.target.store.name') && names.includes('max.delivery.drop'),
      names.join(),
    );
    assert.ok(
      !names.includes('target.endpoint') && !names.includes('message.processor.reply.sequence'),
      names.join(),
    );
  });

  it('a MessageInjector task offers its properties and their values', async () => {
    const task = (inner: string) =>
      `<task ${NS} name="H3Scratch" class="org.apache.synapse.startup.tasks.MessageInjector"><trigger interval="5"/>${inner}</task>`;
    const names = await labels(task('<property name="message"><a/></property><property name="|"/>'));
    for (const n of ['injectTo', 'sequenceName', 'proxyName', 'to', 'soapAction', 'format', 'sequential'])
      assert.ok(names.includes(n), `${n} in ${names.join()}`);
    assert.ok(!names.includes('message'), 'a property already given is not offered again');
    assert.deepEqual(await labels(task('<property name="injectTo" value="|"/>')), [
      'sequence',
      'proxy',
      'main',
    ]);
    assert.match(
      await hover(task('<property name="inject|To" value="proxy"/>')),
      /parameter of `<task>`[\s\S]*default main/,
    );
  });

  it('a proxy offers inbound.only', async () => {
    const names = await labels(`<proxy ${NS} name="Gate"><target/><parameter name="|"/></proxy>`);
    assert.ok(names.includes('inbound.only') && names.includes('showProxySchemaURL'), names.join());
  });
});
