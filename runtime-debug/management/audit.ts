/**
 * MI's audit log (org.wso2.micro.core.util.AuditLogger): each change made through the management API is logged by
 * the AUDIT_LOG logger as one JSON object `{"performedBy","action","type","info"}` whose `info` is itself a JSON
 * string; logins and logouts are logged as "<user> logged in at [<java.util.Date>]". The keys of `info` and the
 * `type` values are those of management.apis.Constants (AUDIT_LOG_TYPE_*, AUDIT_LOG_ACTION_*).
 */
import type { LogBuffer } from './logs';

export type AuditAction = 'enabled' | 'disabled' | 'created' | 'deleted' | 'updated';

/** The audit line of a change, as AuditLogger.logAuditMessage(performedBy, type, action, info) writes it. */
export function auditMessage(
  performedBy: string,
  type: string,
  action: AuditAction,
  info: Record<string, unknown>,
): string {
  // the key order is the one org.json's JSONObject (a HashMap) prints for these four keys
  return JSON.stringify({ performedBy, action, type, info: JSON.stringify(info) });
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => String(n).padStart(2, '0');

/** java.util.Date#toString in UTC: `Sat Nov 28 17:55:54 UTC 2026`. */
export function javaDate(d: Date): string {
  return (
    `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
  );
}

export class AuditLog {
  constructor(private readonly log: LogBuffer) {}

  change(performedBy: string, type: string, action: AuditAction, info: Record<string, unknown>): void {
    this.log.appendTagged('INFO', 'AUDIT_LOG', auditMessage(performedBy, type, action, info));
  }

  login(user: string, at = new Date()): void {
    this.log.appendTagged('INFO', 'AUDIT_LOG', `${user} logged in at [${javaDate(at)}]`);
  }

  logout(user: string, at = new Date()): void {
    this.log.appendTagged('INFO', 'AUDIT_LOG', `${user} logged out at [${javaDate(at)}]`);
  }
}
