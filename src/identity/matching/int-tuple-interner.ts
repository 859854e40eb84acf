/**
 * Gives each distinct triple of integers a small id, in order of first appearance: the
 * integer counterpart of {@link StringInterner}, for block keys made of interned value ids
 * (no key string is built, hashed or collected).
 * @example const keys = new IntTupleInterner(); keys.idOf(3, 7, -1) // 0, then (3, 7, -1) → 0 again
 */
export class IntTupleInterner {
  private parts: Int32Array
  private slots: Int32Array
  private mask: number
  private count = 0
  // Ids below this were reserved, not interned: they have no triple.
  private reserved = 0

  /** @param expected how many distinct triples to make room for up front (it grows past that) */
  constructor(expected = 1024) {
    let size = 2048
    while (size < expected * 2) size *= 2
    this.parts = new Int32Array((size / 2) * 3)
    this.slots = new Int32Array(size).fill(-1)
    this.mask = size - 1
  }

  /**
   * Forgets every triple, keeping the tables: on a million records, fresh tables per blocking
   * rule are hundreds of megabytes of allocation, and the collections that come with it.
   */
  reset(): void {
    this.slots.fill(-1)
    this.count = 0
    this.reserved = 0
  }

  /** On an empty interner: makes ids below `count` the caller's own numbering, new triples' ids start there. */
  reserve(count: number): void {
    if (this.count !== 0) throw new RangeError('reserve needs an empty interner')
    while (count * 3 > this.parts.length) {
      const grown = new Int32Array(this.parts.length * 2)
      grown.set(this.parts)
      this.parts = grown
    }
    this.count = count
    this.reserved = count
    while (this.count * 2 > this.mask) this.rehash()
  }

  /** Number of distinct triples seen. */
  get size(): number {
    return this.count
  }

  /** The id of `(a, b, c)`, assigning the next one when it is new. */
  idOf(a: number, b: number, c: number): number {
    let slot = hashOf(a, b, c) & this.mask
    const parts = this.parts
    for (;;) {
      const id = this.slots[slot] as number
      if (id === -1) break
      if (parts[id * 3] === a && parts[id * 3 + 1] === b && parts[id * 3 + 2] === c) return id
      slot = (slot + 1) & this.mask
    }
    const id = this.count++
    if (id * 3 === this.parts.length) {
      const grown = new Int32Array(this.parts.length * 2)
      grown.set(this.parts)
      this.parts = grown
    }
    this.parts[id * 3] = a
    this.parts[id * 3 + 1] = b
    this.parts[id * 3 + 2] = c
    this.slots[slot] = id
    // Kept at most half full, so probes stay short.
    if (this.count * 2 > this.mask) this.rehash()
    return id
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2
    this.slots = new Int32Array(size).fill(-1)
    this.mask = size - 1
    for (let id = this.reserved; id < this.count; id++) {
      let slot = hashOf(this.parts[id * 3] as number, this.parts[id * 3 + 1] as number, this.parts[id * 3 + 2] as number) & this.mask
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask
      this.slots[slot] = id
    }
  }
}

// Multiplicative mixing of the three parts, with a final avalanche so nearby ids spread.
function hashOf(a: number, b: number, c: number): number {
  let hash = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b)
  hash = Math.imul(hash ^ (hash >>> 15) ^ b, 0xc2b2ae35)
  hash = Math.imul(hash ^ (hash >>> 13) ^ c, 0x27d4eb2f)
  return hash ^ (hash >>> 16)
}
