/** Where throughline reads the time: injected, so the core never consults the global clock. */
export type Clock = () => Date

/**
 * The wall clock, the default of `createEngine`. This is the one place the library reads the
 * system time; tests and replays pass a fixed clock instead.
 */
export const systemClock: Clock = () => new Date()
