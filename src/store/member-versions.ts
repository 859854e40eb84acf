/**
 * The member versions of the memory store's profiles (see `StoreReader.memberVersions`). A
 * transaction notes which profiles it changed, and they get new versions when it ends, so that a
 * reader that read the version before the transaction's writes sees a new one after them. A
 * transaction undone gives a new version to every profile it wrote at all, since a reader may
 * have read its writes (joined events too) before they were undone.
 */
export function memberVersionTracker(exists: (profileId: string) => boolean) {
  const versions = new Map<string, number>()
  const changed = new Set<string>()
  const written = new Set<string>()
  let last = 0
  const renew = (ids: Iterable<string>) => {
    // Numbers are never reused, so a profile deleted and made again later still gets a new one:
    // a deleted profile's entry can go, and the map stays as large as the stored profiles.
    for (const id of ids) {
      if (exists(id)) versions.set(id, ++last)
      else versions.delete(id)
    }
    changed.clear()
    written.clear()
  }
  return {
    version: (profileId: string) => versions.get(profileId) ?? 0,
    changed(profileId: string | undefined) {
      if (profileId !== undefined) changed.add(profileId)
    },
    written(profileId: string) {
      written.add(profileId)
    },
    commit: () => renew(changed),
    rollBack: () => renew(new Set([...changed, ...written])),
  }
}
