/**
 * The native keys already read from a file, to refuse a key that appears twice. A million keys in
 * a JavaScript Set take some 70 MB; this open-addressing table keeps two 32-bit hashes per key
 * (16 bytes a slot, at most half full), so the same million take 32 MB at most. Two keys with the
 * same 64-bit hash would be taken for one: about one chance in 10^7 for a file of a million rows.
 */
export class KeySet {
  private slots = new Uint32Array(2 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  private static hash(key: string): [number, number] {
    let h1 = 0x811c9dc5;
    let h2 = 0x9747b28c;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // Zero marks an empty slot.
    return [h1 >>> 0 || 1, h2 >>> 0];
  }

  /** Adds a key; false when it was already there. */
  add(key: string): boolean {
    if ((this.count + 1) * 2 > this.slots.length / 2) this.grow();
    const [a, b] = KeySet.hash(key);
    return this.insert(a, b);
  }

  private insert(a: number, b: number): boolean {
    const capacity = this.slots.length / 2;
    let i = (a ^ b) & (capacity - 1);
    for (;;) {
      const sa = this.slots[2 * i]!;
      if (sa === 0) {
        this.slots[2 * i] = a;
        this.slots[2 * i + 1] = b;
        this.count++;
        return true;
      }
      if (sa === a && this.slots[2 * i + 1] === b) return false;
      i = (i + 1) & (capacity - 1);
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Uint32Array(old.length * 2);
    this.count = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i] !== 0) this.insert(old[i]!, old[i + 1]!);
  }
}
