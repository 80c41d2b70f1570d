/**
 * `synapse validate` on data service attributes MI reads (H7, session 12): no finding where MI's QueryFactory reads
 * the attribute. Our own minimal fixture.
 */
import assert from 'node:assert/strict';
import { scratchProject, type ScratchProject } from './scratch';

describe('synapse validate: data service attributes MI reads (H7, session 12)', () => {
  let fx: ScratchProject;

  before(() => {
    fx = scratchProject('h7-s12-', 'Ledger');
  });
  after(() => fx?.dispose());

  it('param forceDefault, query properties, result escapeNonPrintableChar, element export and namespace (QueryFactory)', () => {
    const rel = 'Ledger/src/main/wso2mi/artifacts/data-services/Ledger.dbs';
    fx.put(
      rel,
      `<data name="Ledger" enableBoxcarring="true">
  <config id="db">
    <property name="driverClassName">org.postgresql.Driver</property>
    <property name="url">jdbc:postgresql://127.0.0.1:5432/ledger</property>
    <property name="username">u</property>
    <property name="password">p</property>
  </config>
  <query id="entries" useConfig="db">
    <sql>SELECT amount FROM entries WHERE book = :book</sql>
    <param name="book" sqlType="STRING" defaultValue="main" forceDefault="true"/>
    <properties><property name="maxRows">10</property></properties>
    <result element="Entries" rowName="Entry" escapeNonPrintableChar="true">
      <element column="amount" name="Amount" export="last" exportType="ARRAY" namespace="urn:ledger"/>
    </result>
  </query>
  <operation name="entries"><call-query href="entries"><with-param name="book" query-param="book"/></call-query></operation>
</data>`,
    );
    assert.deepEqual(fx.findings(rel), []);
  });
});
