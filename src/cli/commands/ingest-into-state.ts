import { createEngine } from '../../engine/index.js'
import { type CommandIo, CliError } from '../command-io.js'
import { CONTEXT_META_KEY } from '../command-kit.js'
import { type OpenedState, openState } from '../state.js'
import { runIngest } from './ingest.js'

/**
 * `throughline ingest` as the CLI runs it: {@link runIngest} wired to a real engine over the
 * state named by `--state FILE` (loaded before, saved after) or `--pg URL` (migrated first).
 * The context is kept in store meta, so later `profile` or `brief` calls normalize lookups
 * (a national phone number, say) the way the ingest did. The state is saved even when some
 * lines were rejected, because the good lines were stored.
 * @param argv arguments after `ingest`
 * @returns the exit code: 0 every line stored, 1 runtime failure, 2 usage, bad input or rejected lines
 * @example await runIngestIntoState(['events.ndjson', '--context', 'context.json', '--state', 'state.json'], io)
 */
export async function runIngestIntoState(argv: readonly string[], io: CommandIo): Promise<number> {
  let state: OpenedState | undefined
  try {
    const code = await runIngest(argv, {
      ...io,
      engineFactory: async ({ contextInput, state: where }) => {
        state = await openState(where, { create: true })
        await state.store.transaction((tx) => tx.putMeta(CONTEXT_META_KEY, contextInput))
        return createEngine({ store: state.store, context: contextInput })
      },
    })
    await state?.save()
    return code
  } catch (error) {
    const exit = error instanceof CliError ? error.exitCode : 1
    io.stderr.write(`throughline ingest: ${(error as Error).message}\n`)
    return exit
  } finally {
    await (state as OpenedState | undefined)?.close()
  }
}
