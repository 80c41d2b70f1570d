/**
 * In-memory logs of `synapse serve`, served by /management/logs as the files of MI's repository/logs that it has:
 * `wso2carbon.log` (every line but the audit log's), `wso2error.log` (WARN and above, as MI's ERROR_LOGFILE
 * threshold) and `audit.log` (the AUDIT_LOG logger, which MI's log4j2.properties sends only there, additivity false).
 * Each bounded in size (oldest lines dropped).
 */
class Lines {
  private lines: string[] = [];
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  push(line: string): void {
    this.lines.push(line);
    this.bytes += line.length + 1;
    while (this.bytes > this.maxBytes && this.lines.length > 1) this.bytes -= this.lines.shift()!.length + 1;
  }
  get size(): number {
    return this.bytes;
  }
  text(): string {
    return this.lines.length ? `${this.lines.join('\n')}\n` : '';
  }
}

export const LOG_FILES = ['wso2carbon.log', 'wso2error.log', 'audit.log'] as const;
export type LogFileName = (typeof LOG_FILES)[number];

const WARN_OR_WORSE = /^\[[^\]]*\]\s+(WARN|ERROR|FATAL)\b/;

export class LogBuffer {
  private readonly files: Record<LogFileName, Lines>;
  constructor(
    maxBytes = 1024 * 1024,
    private readonly echo?: (line: string) => void,
  ) {
    this.files = {
      'wso2carbon.log': new Lines(maxBytes),
      'wso2error.log': new Lines(maxBytes),
      'audit.log': new Lines(maxBytes),
    };
  }
  log(level: string, message: string): void {
    const line = `[${new Date().toISOString()}] ${level.padEnd(5)} {ManagementApi} - ${message}`;
    this.append(line);
    this.echo?.(line);
  }
  /** A line under another logger's tag; `{AUDIT_LOG}` lines go to audit.log only. Not echoed. */
  appendTagged(level: string, tag: string, message: string): void {
    const line = `[${new Date().toISOString()}] ${level.padEnd(5)} {${tag}} - ${message}`;
    if (tag === 'AUDIT_LOG') this.files['audit.log'].push(line);
    else this.append(line);
  }
  /** A line of the runtime (a log mediator, an endpoint…): kept for the log files, not echoed (its embedder prints it). */
  append(line: string): void {
    this.files['wso2carbon.log'].push(line);
    if (WARN_OR_WORSE.test(line)) this.files['wso2error.log'].push(line);
  }
  /** Bytes of wso2carbon.log (or of the file named). */
  sizeOf(file: LogFileName = 'wso2carbon.log'): number {
    return this.files[file].size;
  }
  get size(): number {
    return this.sizeOf();
  }
  /** The text of wso2carbon.log (or of the file named). */
  text(file: LogFileName = 'wso2carbon.log'): string {
    return this.files[file].text();
  }
}
