/**
 * MI-like log lines: `[2026-11-28 08:00:00,123]  INFO {LogMediator} - {api:HelloAPI} To: /hello, MessageID: ...`.
 * The runtime emits each line as a `log` event; the CLI prints them and the debugger can capture them.
 */
export type LogLevel = 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'FATAL';

export interface LogRecord {
  time: Date;
  level: LogLevel;
  /** The component, e.g. LogMediator, HttpTransport, Runtime. */
  category: string;
  /** e.g. `api:HelloAPI`, `proxy:EchoProxy` (MI prints the artifact before the message). */
  artifact?: string;
  message: string;
  /** The formatted line. */
  line: string;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

export function formatLogLine(
  time: Date,
  level: LogLevel,
  category: string,
  artifact: string | undefined,
  message: string,
): string {
  const ts = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())},${pad(time.getMilliseconds(), 3)}`;
  return `[${ts}] ${level.padStart(5)} {${category}} - ${artifact ? `{${artifact}} ` : ''}${message}`;
}
