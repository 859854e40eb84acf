import { z } from 'zod'

/**
 * A getter for `schema` with zod's ahead-of-time compiled fast path (`z.compile`): valid input
 * takes the generated parser, anything else falls back to the schema's own parser, so issues
 * (code, path, message) are exactly those of `schema`. Compiled on first use rather than at import,
 * and not at all under `z.config({ jitless: true })`, which callers set where `new Function` is
 * forbidden (a strict Content Security Policy).
 * @example const payloadSchema = compiledSchema(TwilioSmsSchema); payloadSchema().safeParse(body)
 */
export function compiledSchema<Schema extends z.ZodType>(schema: Schema): () => Schema {
  let compiled: Schema | undefined
  return () => {
    compiled ??= z.config().jitless ? schema : z.compile(schema)
    return compiled
  }
}
