// The errors a command reports to the person who typed it. Each message says what was wrong
// and, for a malformed command, ends with the command's correct form.
import { HeraldError } from '../domain/errors.ts';

export class CommandError extends HeraldError {
  constructor(code: 'command_invalid' | 'command_forbidden', message: string, context: Record<string, unknown> = {}) {
    super(code, message, context);
    this.name = 'CommandError';
  }
}

/** A command that is malformed, refers to something that does not exist, or cannot be done. */
export function invalid(message: string, context: Record<string, unknown> = {}): CommandError {
  return new CommandError('command_invalid', message, context);
}

/** A command the person may not run (admin only), or may not run again yet (rate limit). */
export function forbidden(message: string, context: Record<string, unknown> = {}): CommandError {
  return new CommandError('command_forbidden', message, context);
}
