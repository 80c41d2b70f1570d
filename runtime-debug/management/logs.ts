/** In-memory log of `synapse serve` (served as the `wso2carbon.log` file of /management/logs), bounded in size. */
export class LogBuffer {
  private lines: string[] = [];
  private bytes = 0;
  constructor(
    private readonly maxBytes = 1024 * 1024,
    private readonly echo?: (line: string) => void,
  ) {}
  log(level: string, message: string): void {
    const line = `[${new Date().toISOString()}] ${level.padEnd(5)} {ManagementApi} - ${message}`;
    this.append(line);
    this.echo?.(line);
  }
  /** A line under another logger's tag (`{AUDIT_LOG}`), kept for the log file and not echoed. */
  appendTagged(level: string, tag: string, message: string): void {
    this.append(`[${new Date().toISOString()}] ${level.padEnd(5)} {${tag}} - ${message}`);
  }
  /** A line of the runtime (a log mediator, an endpoint…): kept for the log file, not echoed (its embedder prints it). */
  append(line: string): void {
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
