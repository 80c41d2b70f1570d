/**
 * `<file.init>` as a mediator (the connection template called in a sequence) and the connections it makes, as
 * Micro Integrator keeps them: FileConfig.connect creates a connection under its name once (ConnectionHandler:
 * the first one of a name stays), and the init template sets the synapse property `name`, which every operation
 * reads (Utils.getConnectionName). An operation with configKey runs its local entry's init first, so it sets `name`
 * too; one without configKey uses the connection `name` names.
 */
import { registerMediator } from '../../compile';
import { MediationError } from '../../errors';
import type { MessageContext } from '../../context';
import type { Executor } from '../../executor';
import { OperationParams } from '../params';
import { perRuntime } from '../perRuntime';
import { connectionOf, type FileConnection } from './connection';
import { FileOpError } from './errors';

/** The connections by name, per runtime (an engine instance: its executor). */
const connectionsOf = perRuntime<FileConnection>();

/**
 * Keeps a connection an inline `<file.init>` made under its name, unless one of that name exists
 * (ConnectionHandler.checkIfConnectionExists: the first stays).
 */
export function rememberConnection(ex: Executor, conn: FileConnection): void {
  const m = connectionsOf(ex);
  if (!m.has(conn.name)) m.set(conn.name, conn);
}

/**
 * Records the connection of a configKey (its local entry, as deployed now), so that a later operation without
 * configKey finds it by name.
 */
export function recordConnection(ex: Executor, conn: FileConnection): void {
  connectionsOf(ex).set(conn.name, conn);
}

/** The connection an operation without configKey uses: the one the property `name` names. */
export function connectionByName(ctx: MessageContext, ex: Executor): FileConnection {
  const name = ctx.getProperty('name');
  if (name === undefined || name === null || name === '')
    throw new FileOpError('INVALID_CONFIGURATION', 'Connection name is not set.', 'file');
  const conn = connectionsOf(ex).get(String(name));
  if (!conn)
    throw new FileOpError(
      'CONNECTION_ERROR',
      `No file connection named '${String(name)}' was initialised (a <file.init> or configKey first)`,
      'file',
    );
  return conn;
}

registerMediator('file.init', (el, cc) => {
  const params = OperationParams.compile(el, cc);
  const pos = cc.pos(el);
  const where = `${pos.file}:${pos.line}`;
  return {
    name: el.local,
    ...pos,
    contentAware: params.payloadAware,
    mediate(ctx, ex) {
      let conn: FileConnection;
      try {
        conn = connectionOf((n) => params.string(n, ctx));
      } catch (e) {
        if (e instanceof FileOpError) {
          ctx.payload.setRaw(
            Buffer.from(
              JSON.stringify({
                success: false,
                error: { code: e.code, message: e.errorMessage, detail: e.detail },
              }),
            ),
            'application/json',
            true,
          );
          ctx.axis2.set('HTTP_SC', '500');
          throw new MediationError(e.code, e.errorMessage, '', where);
        }
        throw e;
      }
      // <property name="name" expression="$func:name"/>
      ctx.setProperty('name', conn.name);
      rememberConnection(ex, conn);
      return true;
    },
  };
});
