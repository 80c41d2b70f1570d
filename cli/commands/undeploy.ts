/** `synapse undeploy NAME --server URL [--fingerprint …]`: removes a Carbon application (NAME or NAME_VERSION). */
import { ManagementError } from '../../core/management';
import { UsageError, parse, type Command } from '../usage';
import { clientsFor, describeError, serverOptions } from './deploy';

export const undeployCommand: Command = {
  name: 'undeploy',
  usage: 'synapse undeploy NAME --server URL [--fingerprint SHA256]',
  summary: 'undeploy a Carbon application (by name, or name_version) through the management API',
  async run(args) {
    const { values, positionals } = parse(args, serverOptions);
    if (positionals.length !== 1) throw new UsageError('give the name of one Carbon application');
    const name = positionals[0].replace(/\.car$/i, '');
    const clients = await clientsFor(values);
    let failed = 0;
    for (const { target, client } of clients) {
      try {
        const apps = await client.applications();
        const all = [...apps.activeList, ...apps.faultyList];
        const matches = all.filter((a) => a.name === name || `${a.name}_${a.version}` === name);
        if (matches.length > 1)
          throw new UsageError(
            `${target.url}: '${name}' matches ${matches.map((a) => `${a.name}_${a.version}`).join(', ')}; give NAME_VERSION`,
          );
        const id = matches.length ? `${matches[0].name}_${matches[0].version}` : name;
        if (!matches.length) {
          throw new ManagementError(
            'NOT_FOUND',
            `${target.url}: no Carbon application named '${name}' (deployed: ${all.map((a) => `${a.name}_${a.version}`).join(', ') || 'none'})`,
          );
        }
        const msg = await client.undeploy(id);
        process.stdout.write(`${target.url}: undeployed ${id}${msg ? ` (${msg})` : ''}\n`);
      } catch (e) {
        if (e instanceof UsageError) throw e;
        failed++;
        process.stderr.write(`${target.url}: FAILED ${describeError(e)}\n`);
      } finally {
        await client.logout().catch(() => undefined);
        client.close();
      }
    }
    return failed ? 1 : 0;
  },
};
