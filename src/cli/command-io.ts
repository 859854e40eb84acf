/** Where a command writes; `isTTY` decides whether a progress bar is drawn on stderr. */
export interface CommandIo {
  readonly stdout: NodeJS.WritableStream
  readonly stderr: NodeJS.WritableStream
  readonly isTTY: boolean
}

/** Exit codes every command uses: 0 done, 1 not found or a runtime failure, 2 usage or bad input. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const
export type ExitCode = (typeof EXIT)[keyof typeof EXIT]

/**
 * A problem a command reports and exits on: the message names the file, line or option, and
 * `exitCode` says whether the user's input (2) or the run (1) was at fault.
 */
export class CliError extends Error {
  override readonly name = 'CliError'
  readonly exitCode: 1 | 2
  /** Whether the command's usage text should follow the message (a wrong argument, not a wrong file). */
  readonly showUsage: boolean
  constructor(exitCode: 1 | 2, message: string, options: { cause?: unknown; showUsage?: boolean } = {}) {
    super(message, { cause: options.cause })
    this.exitCode = exitCode
    this.showUsage = options.showUsage ?? false
  }
}
