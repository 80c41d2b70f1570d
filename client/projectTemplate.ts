/**
 * The files of a new Micro Integrator project (the VS Code "MI" layout of reference/car-format.md section 3).
 * Pure apart from {@link writeProject}'s file-system writes; no `vscode` import.
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACT_KINDS, artifactKind } from './artifactTemplates';
import { escapeXmlText } from './xmlText';

export const MI_ARTIFACTS_DIR = 'src/main/wso2mi/artifacts';
export const MI_RESOURCES_DIR = 'src/main/wso2mi/resources';
export const MI_TESTS_DIR = 'src/test/wso2mi';

/** Artifact folders of the MI layout (one per kind, plus data services and data sources). */
export const MI_ARTIFACT_FOLDERS: readonly string[] = [
  ...new Set([...ARTIFACT_KINDS.map((k) => k.folder), 'data-services', 'data-sources']),
].sort();

export interface ProjectEntry {
  /** Path relative to the project root, `/` separated. */
  relPath: string;
  /** File content; absent for a folder. */
  content?: string;
}

export interface ProjectOptions {
  groupId?: string;
  version?: string;
  runtimeVersion?: string;
}

/** Maven artifactId-compatible project names that are also safe folder names. */
const PROJECT_NAME_RE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

export function validateProjectName(name: string): string | undefined {
  if (!name) return 'Enter a project name.';
  if (name.length > 80) return 'A project name has at most 80 characters.';
  if (!PROJECT_NAME_RE.test(name)) return 'Use letters, digits, "_", "-" and "."; start with a letter.';
  return undefined;
}

/** The name of the hello-world API created with a project. */
export const HELLO_API_NAME = 'HelloWorldAPI';

export function projectEntries(name: string, options: ProjectOptions = {}): ProjectEntry[] {
  const groupId = options.groupId ?? 'com.example';
  const version = options.version ?? '1.0.0';
  const runtime = options.runtimeVersion ?? '4.4.0';
  const pom =
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"\n` +
    `         xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">\n` +
    `  <modelVersion>4.0.0</modelVersion>\n` +
    `  <groupId>${escapeXmlText(groupId)}</groupId>\n` +
    `  <artifactId>${escapeXmlText(name)}</artifactId>\n` +
    `  <version>${escapeXmlText(version)}</version>\n` +
    `  <packaging>pom</packaging>\n` +
    `  <name>${escapeXmlText(name)}</name>\n` +
    `  <description>Integration project ${escapeXmlText(name)}</description>\n` +
    `  <properties>\n` +
    `    <projectType>integration-project</projectType>\n` +
    `    <project.runtime.version>${escapeXmlText(runtime)}</project.runtime.version>\n` +
    `  </properties>\n` +
    `</project>\n`;
  const api = artifactKind('api')!;
  const entries: ProjectEntry[] = [
    { relPath: 'pom.xml', content: pom },
    ...MI_ARTIFACT_FOLDERS.map((f) => ({ relPath: `${MI_ARTIFACTS_DIR}/${f}` })),
    { relPath: `${MI_ARTIFACTS_DIR}/apis/${HELLO_API_NAME}.xml`, content: api.skeleton(HELLO_API_NAME, {}) },
    { relPath: `${MI_RESOURCES_DIR}/registry/gov` },
    { relPath: `${MI_RESOURCES_DIR}/registry/conf` },
    {
      relPath: `${MI_RESOURCES_DIR}/registry/artifact.xml`,
      content: `<?xml version="1.0" encoding="UTF-8"?>\n<artifacts/>\n`,
    },
    {
      relPath: `${MI_RESOURCES_DIR}/conf/config.properties`,
      content: '# Configuration parameters of this project, read in expressions as ${configs.<name>}.\n',
    },
    { relPath: `${MI_RESOURCES_DIR}/metadata` },
    { relPath: `${MI_TESTS_DIR}` },
    { relPath: 'src/test/resources/mock-services' },
    {
      relPath: 'deployment/deployment.toml',
      content:
        '# Micro Integrator settings applied when this project is deployed in a container.\n[server]\nhostname = "localhost"\n',
    },
    { relPath: '.gitignore', content: 'target/\n*.car\n' },
    {
      relPath: 'README.md',
      content:
        `# ${name}\n\nA WSO2 Micro Integrator project. Artifacts live in \`${MI_ARTIFACTS_DIR}/\`.\n\n` +
        `Try it: \`synapse run\`, then \`curl http://localhost:8290/hello-world\`.\n`,
    },
  ];
  return entries;
}

/**
 * Writes a new project as `parentDir/name`. Refuses (throws) when that folder exists and is not empty, so an existing
 * project is never overwritten. Returns the project folder.
 */
export function writeProject(parentDir: string, name: string, options: ProjectOptions = {}): string {
  const problem = validateProjectName(name);
  if (problem) throw new Error(`Invalid project name "${name}": ${problem}`);
  const root = join(parentDir, name);
  if (existsSync(root) && readdirSync(root).length > 0) {
    throw new Error(`The folder ${root} already exists and is not empty.`);
  }
  for (const e of projectEntries(name, options)) {
    const p = join(root, ...e.relPath.split('/'));
    if (e.content === undefined) {
      mkdirSync(p, { recursive: true });
    } else {
      mkdirSync(join(p, '..'), { recursive: true });
      writeFileSync(p, e.content, { flag: 'wx' });
    }
  }
  return root;
}
