/** XYZ tile numbers of a longitude and latitude at zoom z (Web Mercator). */
export function tileOf(lon: number, lat: number, z: number): { x: number; y: number } {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return {
    x: Math.floor(((lon + 180) / 360) * n),
    y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n),
  };
}

/** The 2x2 tiles a map view centred on the bbox would fetch at zoom z, as URLs from a TileJSON template. */
export function viewTiles(template: string, bbox: readonly number[], z: number): string[] {
  const c = tileOf((bbox[0]! + bbox[2]!) / 2, (bbox[1]! + bbox[3]!) / 2, z);
  const urls: string[] = [];
  for (const dx of [0, 1])
    for (const dy of [0, 1])
      urls.push(
        template
          .replace('{z}', String(z))
          .replace('{x}', String(c.x + dx))
          .replace('{y}', String(c.y + dy)),
      );
  return urls;
}
