import { createHash } from 'node:crypto';
import { Router, type Response } from 'express';
import { InputError } from '@payesh/core';
import { getFlag, getRun } from '@payesh/store';
import { isTile, type TileFormat } from '@payesh/tiler';
import { requireRole } from '../auth.js';
import type { ServerContext } from '../context.js';
import { checkLayer, layerPath, parseStyleOptions, rasterBounds } from '../layers.js';
import { parseInteger } from '../numbers.js';
import { publicBase } from '../public-url.js';
import { idParam, runParam } from './query.js';

const TILE_SIZE = 256;

/** `{y}.png` is a 256-pixel tile; `{y}@2x.png` the same ground in 512 pixels (four times fewer requests for a view). */
function tileFile(file: string): { y: number; format: TileFormat; size: number } {
  const m = /^(\d{1,8})(@2x)?\.(png|webp)$/.exec(file);
  if (!m) throw new InputError('tile name must be {y}.png, {y}@2x.png or {y}.webp');
  return { y: Number(m[1]), format: m[3] as TileFormat, size: m[2] ? 2 * TILE_SIZE : TILE_SIZE };
}

/** A strong validator from what the bytes depend on: the run's import, the layer, the tile and the format. */
const etagOf = (...parts: (string | number)[]): string =>
  `"${createHash('sha1').update(parts.join('/')).digest('base64url').slice(0, 22)}"`;

function cached(res: Response, etag: string, ifNoneMatch: string | undefined): boolean {
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', 'private, max-age=3600');
  if (ifNoneMatch !== etag) return false;
  res.status(304).end();
  return true;
}

/** XYZ tiles of the before, after and change layers, their TileJSON, and per-flag evidence chips. */
export function tileRoutes(ctx: ServerContext): Router {
  const router = Router();
  const read = requireRole();
  const runAndLayer = async (runName: unknown, layerName: string) => {
    const run = await getRun(ctx.store, runParam(runName));
    const layer = checkLayer(layerName);
    return { run, layer, path: layerPath(run, layer) };
  };

  router.get('/tiles/:run/:file', read, async (req, res) => {
    const m = /^([a-z]+)\.json$/.exec(String(req.params.file));
    if (!m) throw new InputError('expected /tiles/{run}/{layer}.json');
    const { run, layer, path } = await runAndLayer(req.params.run, m[1]!);
    const { info, bounds } = await ctx.readers.use(path, (reader) => ({
      info: reader.info(),
      bounds: rasterBounds(reader),
    }));
    const gsd = Math.abs(info.transform![1]) * (info.crs?.proj4?.includes('longlat') ? 111320 : 1);
    // ?scale=2: 512-pixel tiles, whose zoom z has the detail of 256-pixel tiles at z + 1.
    const scale = req.query.scale === undefined ? 1 : parseInteger(req.query.scale, 'scale', 1, 2);
    const maxzoom = Math.min(24, Math.max(0, Math.ceil(Math.log2(156543.03 / gsd)))) - (scale - 1);
    const minzoom = Math.max(0, maxzoom - 8 - info.overviews.length);
    const tile = scale === 2 ? '{y}@2x.png' : '{y}.png';
    res.json({
      tilejson: '3.0.0',
      name: `${run.id} ${layer}`,
      tiles: [`${publicBase(req, ctx.config.publicUrl)}/tiles/${run.id}/${layer}/{z}/{x}/${tile}`],
      minzoom,
      maxzoom,
      bounds,
      tileSize: TILE_SIZE * scale,
      attribution: layer === 'change' ? `Payesh ${run.method ?? ''}`.trim() : '',
    });
  });

  router.get('/tiles/:run/:layer/:z/:x/:file', read, async (req, res) => {
    const { run, layer, path } = await runAndLayer(req.params.run, String(req.params.layer));
    const [z, x] = [parseInteger(req.params.z, 'z', 0, 30), parseInteger(req.params.x, 'x')];
    const { y, format, size } = tileFile(String(req.params.file));
    if (!isTile(z, x, y)) throw new InputError(`no tile ${z}/${x}/${y}`);
    const tile = await ctx.readers.use(path, async (reader) => {
      const options = parseStyleOptions(req.query, reader.info().bandCount);
      const etag = etagOf(
        run.id,
        run.importedAt,
        layer,
        z,
        x,
        y,
        size,
        format,
        options.bands?.join() ?? '',
        options.percentiles?.join() ?? '',
      );
      if (cached(res, etag, req.get('if-none-match'))) return null;
      const hit = ctx.tiles.get(etag);
      if (hit) return hit;
      const style = await ctx.styles.get(run, layer, reader, options);
      const bytes = await ctx.renderer.render({ kind: 'tile', path, style, z, x, y, size, format });
      const made = bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : Buffer.alloc(0);
      ctx.tiles.set(etag, made);
      return made;
    });
    if (tile === null) return; // 304: the client has it
    if (tile.length === 0)
      res.status(204).end(); // outside the data: nothing to draw
    else res.type(format).send(tile);
  });

  router.get('/api/runs/:run/flags/:id/chip/:file', read, async (req, res) => {
    const m = /^([a-z]+)\.png$/.exec(String(req.params.file));
    if (!m) throw new InputError('expected chip/{before|after|change}.png');
    const { run, layer, path } = await runAndLayer(req.params.run, m[1]!);
    const flag = await getFlag(ctx.store, run.id, idParam(req.params.id));
    if (cached(res, etagOf(run.id, run.importedAt, 'chip', flag.id, layer), req.get('if-none-match'))) return;
    const style = await ctx.readers.use(path, (reader) => ctx.styles.get(run, layer, reader));
    const rings = flag.geometry.type === 'Polygon' ? flag.geometry.coordinates : flag.geometry.coordinates.flat();
    const bytes = (await ctx.renderer.render({
      kind: 'chip',
      path,
      style,
      bbox: flag.bbox,
      outline: rings,
      width: 320,
    }))!;
    res.type('png').send(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  });
  return router;
}
