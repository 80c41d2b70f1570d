/**
 * Log mediator lines as Micro Integrator 4.4 prints them (facts from wso2-synapse LogMediator and LoggingUtils: a
 * message-template log sets logEntryPointInfo, so in an API its artifact part carries the method and the full request
 * path; the other levels print the artifact name only; the category is the log level of the line).
 * Real HTTP, our own fixtures.
 */
import assert from 'node:assert/strict';
import { api, send, startRuntime, type TestRuntime } from './helpers';

describe('runtime fidelity (F1): log mediator entry point', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startRuntime({
      'Audit.xml': api(
        'Audit',
        '/f1log',
        `<log category="WARN"><message>order \${payload.id} seen</message></log>
         <log level="custom"><property name="id" expression="\${payload.id}"/></log><respond/>`,
        'methods="POST" uri-template="/orders/{id}"',
      ),
    });
  });
  after(() => t.close());

  it('a message template in an API names the method and the full request path; a custom log only the API', async () => {
    t.logs.length = 0;
    await send(`${t.base}/f1log/orders/7?trace=on`, { body: '{"id":7}', type: 'application/json' });
    const lines = t.logs.filter((l) => l.category === 'LogMediator');
    assert.equal(lines.length, 2);
    assert.equal(lines[0]!.level, 'WARN');
    assert.match(
      lines[0]!.line,
      / WARN \{LogMediator\} - \{api:Audit POST \/f1log\/orders\/7\?trace=on\} order 7 seen$/,
    );
    assert.match(lines[1]!.line, / INFO \{LogMediator\} - \{api:Audit\} id = 7$/);
  });
});
