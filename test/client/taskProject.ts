/**
 * A small project with two MessageInjector tasks whose sequence posts the task's message to an HTTP backend: one on a
 * cron trigger for 03:00 on January 1st (so that, in a test, only a trigger runs it) and one every second. Our own
 * fixture, for the task-control tests (client and e2e).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './serverHelpers';

const NS = 'http://ws.apache.org/ns/synapse';
const INJECTOR = 'org.apache.synapse.startup.tasks.MessageInjector';
const TASK_NS = 'http://www.wso2.org/products/wso2commons/tasks';

function task(name: string, trigger: string, from: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<task xmlns="${NS}" name="${name}" class="${INJECTOR}" group="synapse.simple.quartz">
  ${trigger}
  <property xmlns:task="${TASK_NS}" name="injectTo" value="sequence"/>
  <property xmlns:task="${TASK_NS}" name="sequenceName" value="HitSeq"/>
  <property xmlns:task="${TASK_NS}" name="message"><tick xmlns="" from="${from}"/></property>
</task>
`;
}

/** Writes the project into `dir` (application `artifactId`, version 1.0.0); `backend` is `http://127.0.0.1:PORT`. */
export function writeTaskProject(dir: string, backend: string, artifactId = 'task-project'): void {
  mkdirSync(dir, { recursive: true });
  const pom = readFileSync(join(ROOT, 'examples', 'hello-world', 'pom.xml'), 'utf8')
    .replace('<artifactId>hello-world</artifactId>', `<artifactId>${artifactId}</artifactId>`)
    .replace('<name>hello-world</name>', `<name>${artifactId}</name>`);
  writeFileSync(join(dir, 'pom.xml'), pom);
  const art = join(dir, 'src', 'main', 'wso2mi', 'artifacts');
  mkdirSync(join(art, 'sequences'), { recursive: true });
  mkdirSync(join(art, 'tasks'), { recursive: true });
  writeFileSync(
    join(art, 'sequences', 'HitSeq.xml'),
    `<?xml version="1.0" encoding="UTF-8"?>
<sequence xmlns="${NS}" name="HitSeq">
  <call><endpoint><http method="post" uri-template="${backend}/hit"/></endpoint></call>
  <drop/>
</sequence>
`,
  );
  writeFileSync(
    join(art, 'tasks', 'OnDemandTask.xml'),
    task('OnDemandTask', '<trigger cron="0 0 3 1 1 ?"/>', 'demand'),
  );
  writeFileSync(
    join(art, 'tasks', 'EverySecondTask.xml'),
    task('EverySecondTask', '<trigger interval="1"/>', 'second'),
  );
}
