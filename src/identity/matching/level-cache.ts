/**
 * Remembers comparison levels of pairs of value ids, direct-mapped: a pair's slot holds the
 * last pair that hashed there. Pairs of the same values recur across blocks (common names,
 * cities, nearby dates), and a lookup costs less than the string comparators it saves. Only
 * a cache: a level is the same whether it is found here or computed again.
 * @example const cache = new LevelCache(16); if (cache.find(3, 9) < 0) cache.remember(level)
 */
export class LevelCache {
  private readonly left: Int32Array
  private readonly right: Int32Array
  private readonly levels: Uint8Array
  private readonly mask: number
  private slot = 0

  /** @param bits the cache holds `2 ** bits` pairs */
  constructor(bits: number) {
    this.left = new Int32Array(1 << bits).fill(-1)
    this.right = new Int32Array(1 << bits)
    this.levels = new Uint8Array(1 << bits)
    this.mask = (1 << bits) - 1
  }

  /** The remembered level of `(x, y)`, or -1; either way {@link remember} then stores into its slot. */
  find(x: number, y: number): number {
    let hash = Math.imul(x, 0x9e3779b1) ^ Math.imul(y + 0x632be5ab, 0x85ebca6b)
    hash ^= hash >>> 15
    const slot = hash & this.mask
    this.slot = slot
    return this.left[slot] === x && this.right[slot] === y ? (this.levels[slot] as number) : -1
  }

  /** Stores `level` for the pair last passed to {@link find}. */
  remember(x: number, y: number, level: number): number {
    this.left[this.slot] = x
    this.right[this.slot] = y
    this.levels[this.slot] = level
    return level
  }
}
