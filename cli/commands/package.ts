/** `synapse package [DIR] [-o FILE.car]`: builds a CAR Micro Integrator deploys (default target/<name>_<version>.car). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
// the CAR builder's own modules only (not the reader, unzip or the validator: those load when used)
import { buildCar, carFileName } from '../../core/car/build';
import { packagingFilesOf } from '../../core/car/discover';
import { loadProject, type LoadOptions } from '../../core/car/project';
import { discoverProject, isSynapseProjectDir } from '../../core/project/discover';
import { reportBeforePackaging } from '../packagingReport';
import { addConnectorDependencies } from '../../core/car/connectors';
import { CONNECTOR_OPTIONS, CONNECTOR_USAGE, connectorOptionsFrom } from '../../core/car/connectorsOptions';
import { parse, UsageError, type Command } from '../usage';

export const packageCommand: Command = {
  name: 'package',
  usage: `synapse package [DIR] [-o FILE.car] [--no-validate] [--api-metadata] ${CONNECTOR_USAGE}`,
  summary: 'package the project as a Carbon Application (.car)',
  async run(args) {
    const { values, positionals } = parse(args, {
      output: { type: 'string', short: 'o' },
      quiet: { type: 'boolean', short: 'q' },
      'no-validate': { type: 'boolean' },
      'api-metadata': { type: 'boolean' },
      ...CONNECTOR_OPTIONS,
    });
    if (positionals.length > 1) throw new UsageError('at most one project folder');
    const connectors = connectorOptionsFrom(values);
    if (typeof connectors === 'string') throw new UsageError(connectors);
    const dir = resolve(positionals[0] ?? '.');
    const options: LoadOptions = { generateApiMetadata: values['api-metadata'] };
    if (!values['no-validate']) {
      // the validator is the `synapse validate` bundle, loaded only here (dist/cli-validate.js)
      const { validatePaths, formatText } = await import('./validate');
      if (isSynapseProjectDir(dir)) {
        // one discovery and one read of each file serve validation and packaging, and a file the validator parsed
        // without an error is not scanned for well-formedness again
        const discovered = discoverProject(dir, { contents: true });
        const wellFormed = new Set<string>();
        const { findings } = validatePaths([dir], process.cwd(), {
          discovered: [discovered],
          onFile: (model) => {
            if (!model.doc.problems.some((p) => p.severity === 'error')) wellFormed.add(model.path);
          },
        });
        if (!reportBeforePackaging(findings, formatText)) return 1;
        options.files = packagingFilesOf(discovered);
        options.wellFormed = wellFormed;
      } else if (!reportBeforePackaging(validatePaths([dir]).findings, formatText)) return 1;
    }
    const project = loadProject(dir, options);
    // connector zips the pom declares (Maven dependencies of type zip), as MI's CAR plugin adds them
    const added = await addConnectorDependencies(project, { ...connectors, base: process.cwd() });
    for (const line of [...added.errors, ...added.warnings, ...added.notices]) process.stderr.write(`${line}\n`);
    if (added.errors.length) {
      process.stderr.write('connector dependencies missing: not packaged\n');
      return 1;
    }
    const bytes = await buildCar(project);
    const out = resolve(values.output ?? join(dir, 'target', carFileName(project)));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, bytes);
    if (!values.quiet) {
      process.stdout.write(
        `${out}\n  ${project.name} ${project.version} (${project.layout} layout): ${project.artifacts.length} artifacts${project.metadata ? `, ${project.metadata.length} metadata files` : ''}, ${bytes.length} bytes\n`,
      );
      for (const f of project.skipped) process.stdout.write(`  not packaged: ${f.file} (${f.reason})\n`);
    }
    return 0;
  },
};
