// The construction's queue of places to fill, most constrained first.

/** Binary min-heap of places by a numeric key (ties broken by place index for determinism). */
export class PlaceHeap {
  private readonly places: number[] = [];
  private readonly keys: number[] = [];
  get size(): number {
    return this.places.length;
  }
  peekKey(): number {
    return this.keys[0];
  }
  push(place: number, key: number): void {
    const { places, keys } = this;
    let i = places.length;
    places.push(place);
    keys.push(key);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }
  pop(): { place: number; key: number } {
    const { places, keys } = this;
    const top = { place: places[0], key: keys[0] };
    const lastPlace = places.pop()!;
    const lastKey = keys.pop()!;
    if (places.length > 0) {
      places[0] = lastPlace;
      keys[0] = lastKey;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < places.length && this.less(l, m)) m = l;
        if (r < places.length && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
  private less(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.places[a] < this.places[b]);
  }
  private swap(a: number, b: number): void {
    [this.places[a], this.places[b]] = [this.places[b], this.places[a]];
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
  }
}
