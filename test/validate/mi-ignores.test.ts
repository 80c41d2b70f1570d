/**
 * What Micro Integrator deploys must not be an error: it reads attributes by name and passes over the others, and
 * reads the children of non-mediator elements by name and passes over the rest, so those are warnings; a mediator
 * list takes every child as a mediator (an unknown one fails the deployment), so that stays an error. JSONPath text
 * is read as Jayway (MI's JSONPath) reads it.
 */
import assert from 'node:assert/strict';
import { validateFile } from '../../core/validate';
import { ProjectIndex } from '../../core/project';

const S = 'xmlns="http://ws.apache.org/ns/synapse"';

function findings(text: string) {
  const index = new ProjectIndex();
  const model = index.setFile('/tmp/Snippet.xml', text);
  return validateFile(model, index, { layout: 'bare' }).map((f) => ({
    code: f.code,
    severity: f.severity,
    line: model.lines.positionAt(f.span.start).line + 1,
    message: f.message,
  }));
}

describe('validator: what Micro Integrator ignores is a warning, what it refuses an error', () => {
  it('an unknown attribute is a warning with its suggestion', () => {
    const f = findings(
      `<api ${S} name="A" context="/a" ransports="http"><resource methods="GET"><inSequence><respond/></inSequence></resource></api>`,
    );
    assert.deepEqual(
      f.map((x) => [x.code, x.severity]),
      [['SYN101', 'warning']],
    );
    assert.match(f[0]!.message, /did you mean 'transports'\? Micro Integrator ignores it\./);
  });

  it('an element out of place outside a mediator list is a warning; inside one it is an error', () => {
    const resource = findings(
      `<api ${S} name="A" context="/a"><resource methods="GET"><inSequence><respond/></inSequence>\n<respond/></resource></api>`,
    );
    assert.deepEqual(
      resource.map((x) => [x.code, x.severity, x.line]),
      [['SYN105', 'warning', 2]],
    );
    const clone = findings(
      `<sequence ${S} name="s"><clone>\n<log/><target><sequence><drop/></sequence></target></clone></sequence>`,
    );
    assert.deepEqual(
      clone.map((x) => [x.code, x.severity, x.line]),
      [['SYN105', 'warning', 2]],
    );
    const inSeq = findings(
      `<sequence ${S} name="s">\n<endpoint><address uri="http://127.0.0.1:9/x"/></endpoint><drop/></sequence>`,
    );
    assert.deepEqual(
      inSeq.map((x) => [x.code, x.severity, x.line]),
      [['SYN105', 'error', 2]],
    );
  });

  it('a <sequence> in a mediator list is a reference (key) or an inline sequence (name) with its mediators', () => {
    // SequenceMediatorFactory: a name makes an inline sequence of its children; a key a reference; neither fails
    const inline = findings(
      `<sequence ${S} name="s"><sequence name="inner" onError="s"><log/><drop/></sequence></sequence>`,
    );
    assert.deepEqual(inline, []);
    const none = findings(`<sequence ${S} name="s">\n<sequence/></sequence>`);
    assert.deepEqual(
      none.map((x) => [x.code, x.severity, x.line]),
      [['SYN109', 'error', 2]],
    );
    const byKey = findings(`<sequence ${S} name="s"><sequence key="s">\n<log/></sequence></sequence>`);
    assert.deepEqual(
      byKey.map((x) => [x.code, x.severity, x.line]),
      [['SYN105', 'warning', 2]],
    );
  });

  it('an unknown element is an error in a mediator list and a warning elsewhere', () => {
    const store = findings(
      `<messageStore ${S} name="m" class="org.apache.synapse.message.store.impl.memory.InMemoryStore">\n<paremeter name="x">1</paremeter></messageStore>`,
    );
    assert.deepEqual(
      store.map((x) => [x.code, x.severity, x.line]),
      [['SYN100', 'warning', 2]],
    );
    assert.match(store[0]!.message, /did you mean <parameter>\?/);
    const seq = findings(`<sequence ${S} name="s">\n<lgo/></sequence>`);
    assert.deepEqual(
      seq.map((x) => [x.code, x.severity, x.line]),
      [['SYN100', 'error', 2]],
    );
  });

  it('a child given more often than allowed is a warning (MI reads the first)', () => {
    const f = findings(
      `<proxy ${S} name="P"><description>one</description>\n<description>two</description><target><inSequence><drop/></inSequence></target></proxy>`,
    );
    assert.deepEqual(
      f.map((x) => [x.code, x.severity, x.line]),
      [['SYN107', 'warning', 2]],
    );
  });

  it('reads JSONPaths as Jayway does: no $, a bracket after a dot, commas in an enrich remove', () => {
    const f = findings(
      `<sequence ${S} name="s">
<log level="custom"><property name="a" expression="json-eval(store.book[0].title)"/></log>
<log level="custom"><property name="b" expression="json-eval($.['first name'])"/></log>
<enrich><source clone="true" xpath="json-eval($.store.book[*].author,$.store.book[0])"/><target type="body" action="remove"/></enrich>
<log level="custom"><property name="c" expression="json-eval($.a,$.b[0)"/></log>
<log level="custom"><property name="d" expression="json-eval('$')"/></log>
<log level="custom"><property name="e" expression="json-eval($.items[?(@.n > 1)]))"/></log>
<payloadFactory media-type="json"><format>{"price": "$8.95"}</format><args/></payloadFactory>
<drop/></sequence>`,
    );
    // only the broken second path of line 5 is an error; a $n with no arg deploys in MI (a warning)
    assert.deepEqual(
      f.map((x) => [x.code, x.severity, x.line]),
      [
        ['EXPR_JSONPATH_SYNTAX', 'error', 5],
        ['SYN500', 'warning', 8],
      ],
    );
  });
});
