/**
 * A Map that forgets its oldest entry (by insertion) when a new key would take it past `capacity`:
 * the in-process caches stay bounded whatever keys clients make up.
 */
export class BoundedMap<K, V> extends Map<K, V> {
  readonly capacity: number

  constructor(capacity: number) {
    super()
    this.capacity = capacity
  }

  override set(key: K, value: V): this {
    if (this.size >= this.capacity && !this.has(key)) {
      const oldest = this.keys().next()
      if (!oldest.done) this.delete(oldest.value)
    }
    return super.set(key, value)
  }
}
