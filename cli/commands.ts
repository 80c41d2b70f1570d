/** The registry of CLI commands: one module per command. */
import type { Command } from './usage';

export const commands: Command[] = [];
