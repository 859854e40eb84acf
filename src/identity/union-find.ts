/** Disjoint sets over dense integer ids, with path halving and union by size. */
export class UnionFind {
  private readonly parent: Int32Array
  private readonly size: Int32Array

  constructor(count: number) {
    this.parent = new Int32Array(count)
    this.size = new Int32Array(count).fill(1)
    for (let i = 0; i < count; i++) this.parent[i] = i
  }

  find(x: number): number {
    const parent = this.parent
    while (parent[x] !== x) {
      const grand = parent[parent[x] as number] as number
      parent[x] = grand
      x = grand
    }
    return x
  }

  /** Joins the sets of `a` and `b`; returns the surviving root, or -1 when already joined. */
  union(a: number, b: number): number {
    let ra = this.find(a)
    let rb = this.find(b)
    if (ra === rb) return -1
    if ((this.size[ra] as number) < (this.size[rb] as number)) [ra, rb] = [rb, ra]
    this.parent[rb] = ra
    this.size[ra] = (this.size[ra] as number) + (this.size[rb] as number)
    return ra
  }
}
