/** What the DAP session asks of a debug target: the embedded runtime (launch) or a Micro Integrator (attach). */
import type { DebugProtocol } from '@vscode/debugprotocol';
import type { BreakpointSpec } from './breakpoints';

export interface EvaluateResult {
  result: string;
  variablesReference: number;
  type?: string;
}

export interface Backend {
  setBreakpoints(file: string, specs: BreakpointSpec[]): Promise<DebugProtocol.Breakpoint[]>;
  setFunctionBreakpoints(
    specs: { name: string; condition?: string; hitCondition?: string }[],
  ): Promise<DebugProtocol.Breakpoint[]>;
  setExceptionFilters(filters: string[]): Promise<void>;
  threads(): DebugProtocol.Thread[];
  stackTrace(threadId: number): Promise<DebugProtocol.StackFrame[]>;
  scopes(frameId: number): Promise<DebugProtocol.Scope[]>;
  variables(ref: number): Promise<DebugProtocol.Variable[]>;
  setVariable(ref: number, name: string, value: string): Promise<{ value: string }>;
  resume(threadId: number, step?: 'in' | 'over' | 'out'): Promise<void>;
  pause(threadId: number): Promise<void>;
  evaluate(
    expression: string,
    frameId: number | undefined,
    context: string | undefined,
  ): Promise<EvaluateResult>;
  completions(
    text: string,
    column: number,
    frameId: number | undefined,
  ): Promise<DebugProtocol.CompletionItem[]>;
  close(): Promise<void>;
  /** Lines where a breakpoint would bind (mediator start tags) between two lines of a file. */
  breakpointLocations?(file: string, line: number, endLine: number): DebugProtocol.BreakpointLocation[];
  /** Details of the fault a thread stopped on. */
  exceptionInfo?(threadId: number): DebugProtocol.ExceptionInfoResponse['body'];
}

/** An error whose message is shown to the user as it is. */
export class UserError extends Error {}
