import { CODES } from '../core/validate/codes';
const groups: [string, RegExp, string][] = [
  [
    'XML well-formedness',
    /^XML_/,
    'Reported by the positioned XML parser (core/xml). A broken document still yields a tree, so the other checks go on where they can.',
  ],
  [
    'Structure (the catalog)',
    /^SYN[01]\d\d$/,
    'Every element and attribute is checked against the one declaration of the catalog (core/catalog): the same declarations drive completion and hover.',
  ],
  [
    'References and names (the project index)',
    /^SYN2\d\d$/,
    'Checked across the project (core/project): keys resolve to artifacts of the right kind; names are unique. References are not checked for a lone file outside a project. Built-in names (`main`, `fault`, `_resource_mismatch_handler_`) always resolve; dynamic keys (`{...}`) are resolved at run time.',
  ],
  ['Flow', /^SYN3\d\d$/, ''],
  [
    'Expressions',
    /^EXPR_/,
    'XPath 1.0 (with the Synapse functions and variables), `json-eval(...)` JSONPath and MI 4.4 `${...}` expressions are parsed in attributes, dynamic keys (`{...}`) and expression text; the range points at the offending token.',
  ],
  ['APIs and resources', /^SYN4\d\d$/, ''],
  ['Mediator rules', /^SYN5\d\d$/, ''],
];
let out = `# Diagnostic codes\n\nEvery finding of \`synapse validate\` and of the language server carries one of these codes (the language server\nsets \`source: "synapse"\`). Severities are the defaults; \`synapse validate\` exits 1 when any **error** is found.\nThe table is kept in step with \`core/validate/codes.ts\` by a test.\n`;
for (const [title, re, intro] of groups) {
  out += `\n## ${title}\n\n${intro ? intro + '\n\n' : ''}| code | severity | meaning |\n|---|---|---|\n`;
  for (const [code, info] of Object.entries(CODES))
    if (re.test(code)) out += `| \`${code}\` | ${info.severity} | ${info.title.replace(/\|/g, '\\|')} |\n`;
}
out += `\n## Output formats\n\n- text: \`file:line:col severity code message\` (1-based line and column), one per line, sorted by file and position;\n  a summary line on standard error.\n- \`--format json\`: one JSON array of \`{file, line, column, endLine, endColumn, severity, code, message}\`.\n`;
process.stdout.write(out);
