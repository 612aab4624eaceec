/** Encoded tiles by key, the least recently used dropped past `maxBytes`; 204s are remembered as null. */
export class TileCache {
  private readonly tiles = new Map<string, Buffer | null>();
  private bytes = 0;

  constructor(private readonly maxBytes = 64 * 1024 * 1024) {}

  get(key: string): Buffer | null | undefined {
    const tile = this.tiles.get(key);
    if (tile === undefined) return undefined;
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    return tile;
  }

  set(key: string, tile: Buffer | null): void {
    const old = this.tiles.get(key);
    if (old) this.bytes -= old.length;
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    this.bytes += tile?.length ?? 0;
    for (const [k, v] of this.tiles) {
      if (this.bytes <= this.maxBytes) break;
      this.tiles.delete(k);
      this.bytes -= v?.length ?? 0;
    }
  }
}
