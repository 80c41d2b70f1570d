/** Test helper process: builds the CAR of a project (argv[2]) and prints its SHA-256 (to compare across time zones). */
import { createHash } from 'node:crypto';
import { buildCar, loadProject } from '../../../core/car';

buildCar(loadProject(process.argv[2])).then((b) =>
  process.stdout.write(createHash('sha256').update(b).digest('hex')),
);
