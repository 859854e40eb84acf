/**
 * Gives each distinct string a small integer id, in order of first appearance. An open-addressing
 * table over typed arrays: on a million records a `Map<string, number>` per field or blocking
 * rule spends most of its time growing and collecting garbage, this one a hash and a probe.
 * @example const interner = new StringInterner(); interner.idOf('a') // 0, then 'b' → 1, 'a' → 0
 */
export class StringInterner {
  /** The strings by id. */
  values: string[] = []
  private hashes: Int32Array
  private slots: Int32Array
  private mask: number

  /** @param expected how many distinct strings to make room for up front (it grows past that) */
  constructor(expected = 1024) {
    let size = 2048
    while (size < expected * 2) size *= 2
    this.hashes = new Int32Array(size / 2)
    this.slots = new Int32Array(size).fill(-1)
    this.mask = size - 1
  }

  /**
   * Forgets every string, keeping the hash tables (a new `values` array starts): interning
   * field after field of a large file this way allocates the tables once.
   */
  reset(): void {
    this.slots.fill(-1)
    this.values = []
  }

  /** Number of distinct strings seen. */
  get size(): number {
    return this.values.length
  }

  /** The id of `value`, assigning the next one when it is new. */
  idOf(value: string): number {
    const hash = hashOf(value)
    let slot = hash & this.mask
    for (;;) {
      const id = this.slots[slot] as number
      if (id === -1) break
      if (this.hashes[id] === hash && this.values[id] === value) return id
      slot = (slot + 1) & this.mask
    }
    const id = this.values.length
    if (id === this.hashes.length) {
      const grown = new Int32Array(id * 2)
      grown.set(this.hashes)
      this.hashes = grown
    }
    this.values.push(value)
    this.hashes[id] = hash
    this.slots[slot] = id
    // Kept at most half full, so probes stay short.
    if ((id + 1) * 2 > this.mask) this.rehash()
    return id
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2
    this.slots = new Int32Array(size).fill(-1)
    this.mask = size - 1
    for (let id = 0; id < this.values.length; id++) {
      let slot = (this.hashes[id] as number) & this.mask
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask
      this.slots[slot] = id
    }
  }
}

// FNV-1a over UTF-16 code units, with a final mix so that nearby keys spread over the table.
function hashOf(value: string): number {
  let hash = 0x811c9dc5
  for (let k = 0; k < value.length; k++) hash = Math.imul(hash ^ value.charCodeAt(k), 0x01000193)
  hash ^= hash >>> 16
  hash = Math.imul(hash, 0x85ebca6b)
  return hash ^ (hash >>> 13)
}
