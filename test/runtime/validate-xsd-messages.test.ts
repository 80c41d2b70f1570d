/**
 * The messages the validate mediator puts in ERROR_MESSAGE for XML schemas: libxml2 (the real WebAssembly library)
 * validates, and each of its errors reads as the Xerces message Micro Integrator gives for the same rule. Our own
 * schema and documents; one case per rule.
 */
import assert from 'node:assert/strict';
import { loadLibxml } from '../../runtime-debug/engine/xsd/load';
import { compileXsd, XsdCompileError, type CompiledXsd } from '../../runtime-debug/engine/xsd/schema';

const XS = 'xmlns:xs="http://www.w3.org/2001/XMLSchema"';
const KIT = 'urn:example:kit';

const SCHEMA = `<xs:schema ${XS} xmlns:k="${KIT}" targetNamespace="${KIT}" elementFormDefault="qualified">
  <xs:simpleType name="Grade"><xs:restriction base="xs:decimal"><xs:minInclusive value="1"/></xs:restriction></xs:simpleType>
  <xs:simpleType name="FineGrade"><xs:restriction base="k:Grade"><xs:totalDigits value="3"/><xs:fractionDigits value="1"/></xs:restriction></xs:simpleType>
  <xs:complexType name="Base"/>
  <xs:attribute name="batch" type="xs:string" fixed="b1"/>
  <xs:element name="kit">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="label"><xs:simpleType><xs:restriction base="xs:string"><xs:minLength value="2"/><xs:pattern value="[a-z]+"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="count"><xs:simpleType><xs:restriction base="xs:short"><xs:minExclusive value="0"/></xs:restriction></xs:simpleType></xs:element>
        <xs:element name="grade" type="k:FineGrade"/>
        <xs:element name="brand" type="xs:string" fixed="acme"/>
        <xs:element name="note" type="xs:string"/>
        <xs:element name="seal"><xs:complexType/></xs:element>
        <xs:element name="part" type="k:Base" minOccurs="0"/>
        <xs:choice><xs:element name="red" type="xs:string"/><xs:element name="blue" type="xs:string"/></xs:choice>
      </xs:sequence>
      <xs:attribute name="size" use="required"><xs:simpleType><xs:restriction base="xs:unsignedByte"/></xs:simpleType></xs:attribute>
      <xs:attribute name="on" type="xs:boolean"/>
      <xs:attribute name="maker" type="xs:string" fixed="acme"/>
      <xs:attribute ref="k:batch"/>
    </xs:complexType>
  </xs:element>
</xs:schema>`;

const GOOD = `<k:kit xmlns:k="${KIT}" size="3" on="true"><k:label>box</k:label><k:count>2</k:count><k:grade>4.5</k:grade><k:brand>acme</k:brand><k:note>n</k:note><k:seal/><k:red>r</k:red></k:kit>`;

describe('runtime: validate mediator XSD messages (Xerces wording)', function () {
  this.timeout(20000);
  let schema: CompiledXsd;
  before(async () => {
    schema = compileXsd(await loadLibxml(), [{ key: 'KitSchema', text: SCHEMA }], undefined);
  });
  after(() => schema.dispose());

  /** Validates GOOD with one part replaced. */
  const check = (from: string, to: string) => {
    assert.ok(GOOD.includes(from), from);
    return schema.validate(GOOD.replace(from, to));
  };

  it('a valid document has no message', () => {
    assert.deepEqual(schema.validate(GOOD), []);
  });

  it('datatypes and facets, with the type names Xerces uses', () => {
    assert.deepEqual(check('<k:label>box</k:label>', '<k:label>b</k:label>'), [
      "cvc-minLength-valid: Value 'b' with length = '1' is not facet-valid with respect to minLength '2' for type '#AnonType_labelkit'.",
      "cvc-type.3.1.3: The value 'b' of element 'k:label' is not valid.",
    ]);
    assert.deepEqual(check('<k:label>box</k:label>', '<k:label>Box</k:label>'), [
      "cvc-pattern-valid: Value 'Box' is not facet-valid with respect to pattern '[a-z]+' for type '#AnonType_labelkit'.",
      "cvc-type.3.1.3: The value 'Box' of element 'k:label' is not valid.",
    ]);
    assert.deepEqual(check('<k:count>2</k:count>', '<k:count>0</k:count>'), [
      "cvc-minExclusive-valid: Value '0' is not facet-valid with respect to minExclusive '0' for type '#AnonType_countkit'.",
      "cvc-type.3.1.3: The value '0' of element 'k:count' is not valid.",
    ]);
    // out of xs:short's range: the built-in type's own facet
    assert.deepEqual(check('<k:count>2</k:count>', '<k:count>40000</k:count>'), [
      "cvc-maxInclusive-valid: Value '40000' is not facet-valid with respect to maxInclusive '32767' for type '#AnonType_countkit'.",
      "cvc-type.3.1.3: The value '40000' of element 'k:count' is not valid.",
    ]);
    // not a number at all: the built-in type the named types derive from
    assert.deepEqual(check('<k:grade>4.5</k:grade>', '<k:grade>high</k:grade>'), [
      "cvc-datatype-valid.1.2.1: 'high' is not a valid value for 'decimal'.",
      "cvc-type.3.1.3: The value 'high' of element 'k:grade' is not valid.",
    ]);
    assert.deepEqual(check('<k:grade>4.5</k:grade>', '<k:grade>4.55</k:grade>'), [
      "cvc-fractionDigits-valid: Value '4.55' has 2 fraction digits, but the number of fraction digits has been limited to 1.",
      "cvc-type.3.1.3: The value '4.55' of element 'k:grade' is not valid.",
    ]);
    assert.deepEqual(check('size="3"', 'size="300"'), [
      "cvc-maxInclusive-valid: Value '300' is not facet-valid with respect to maxInclusive '255' for type '#AnonType_sizekit'.",
      "cvc-attribute.3: The value '300' of attribute 'size' on element 'k:kit' is not valid with respect to its type, '#AnonType_sizekit'.",
    ]);
    assert.deepEqual(check('on="true"', 'on="yes"'), [
      "cvc-datatype-valid.1.2.1: 'yes' is not a valid value for 'boolean'.",
      "cvc-attribute.3: The value 'yes' of attribute 'on' on element 'k:kit' is not valid with respect to its type, 'boolean'.",
    ]);
  });

  it('content and attributes', () => {
    assert.deepEqual(check('<k:count>2</k:count>', ''), [
      `cvc-complex-type.2.4.a: Invalid content was found starting with element 'k:grade'. One of '{"${KIT}":count}' is expected.`,
    ]);
    assert.deepEqual(check('<k:red>r</k:red>', ''), [
      `cvc-complex-type.2.4.b: The content of element 'k:kit' is not complete. One of '{"${KIT}":part, "${KIT}":red, "${KIT}":blue}' is expected.`,
    ]);
    assert.deepEqual(check('<k:red>r</k:red>', '<k:red>r</k:red><k:blue>b</k:blue>'), [
      "cvc-complex-type.2.4.d: Invalid content was found starting with element 'k:blue'. No child element is expected at this point.",
    ]);
    assert.deepEqual(check(' size="3"', ''), [
      "cvc-complex-type.4: Attribute 'size' must appear on element 'k:kit'.",
    ]);
    assert.deepEqual(check('on="true"', 'on="true" colour="red"'), [
      "cvc-complex-type.3.2.2: Attribute 'colour' is not allowed to appear in element 'k:kit'.",
    ]);
    assert.deepEqual(check('<k:seal/>', '<k:seal>x</k:seal>'), [
      "cvc-complex-type.2.1: Element 'k:seal' must have no character or element information item [children], because the type's content type is empty.",
    ]);
    assert.deepEqual(check('<k:label>box</k:label>', 'stray<k:label>box</k:label>'), [
      "cvc-complex-type.2.3: Element 'k:kit' cannot have character [children], because the type's content type is element-only.",
    ]);
    assert.deepEqual(check('<k:note>n</k:note>', '<k:note><k:red/></k:note>'), [
      "cvc-type.3.1.2: Element 'k:note' is a simple type, so it must have no element information item [children].",
    ]);
    assert.deepEqual(check('<k:brand>acme</k:brand>', '<k:brand>other</k:brand>'), [
      "cvc-elt.5.2.2.2.2: The value 'other' of element 'k:brand' does not match the {value constraint} value 'acme'.",
    ]);
    assert.deepEqual(check('on="true"', 'on="true" maker="other"'), [
      "cvc-complex-type.3.1: Value 'other' of attribute 'maker' of element 'k:kit' is not valid with respect to the corresponding attribute use. Attribute 'maker' has a fixed value of 'acme'.",
    ]);
    assert.deepEqual(check('on="true"', 'on="true" k:batch="b2"'), [
      "cvc-attribute.4: The value 'b2' of attribute 'k:batch' on element 'k:kit' is not valid with respect to its fixed {value constraint}. The attribute must have a value of 'b1'.",
    ]);
    assert.deepEqual(
      check(
        '<k:seal/>',
        '<k:seal/><k:part xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="k:Missing"/>',
      ),
      ["cvc-elt.4.2: Cannot resolve 'k:Missing' to a type definition for element 'k:part'."],
    );
    assert.deepEqual(schema.validate(`<k:crate xmlns:k="${KIT}"/>`), [
      "cvc-elt.1.a: Cannot find the declaration of element 'k:crate'.",
    ]);
  });

  it('a schema that does not compile says why', async () => {
    const lib = await loadLibxml();
    assert.throws(
      () =>
        compileXsd(
          lib,
          [{ key: 'Broken', text: `<xs:schema ${XS}><xs:element name="a" type="NoSuchType"/></xs:schema>` }],
          undefined,
        ),
      (e: unknown) => e instanceof XsdCompileError && /NoSuchType/.test(e.reason),
    );
    assert.throws(
      () => compileXsd(lib, [{ key: 'NotXml', text: '{"type":"object"}' }], undefined),
      (e: unknown) => e instanceof XsdCompileError && e.reason.length > 0,
    );
  });
});
