import type { Command } from 'commander';
import type { RasterInfo } from '@payesh/core';
import { nodataToJson, openGeoTiff, rasterInfoToJson } from '@payesh/io';
import type { CommandContext } from '../context.js';

export function infoToText(path: string, info: RasterInfo): string {
  const lines = [
    `File:        ${path}`,
    `Size:        ${info.width} x ${info.height}, ${info.bandCount} band${info.bandCount === 1 ? '' : 's'} of ${info.dtype}`,
    `CRS:         ${info.crs ? `${info.crs.epsg !== null ? `EPSG:${info.crs.epsg}` : 'custom'}${info.crs.name ? ` (${info.crs.name})` : ''}` : 'none'}`,
  ];
  if (info.crs?.proj4) lines.push(`proj4:       ${info.crs.proj4}`);
  lines.push(
    `Transform:   ${info.transform ? info.transform.join(', ') : info.gcpCount > 0 ? `none (${info.gcpCount} ground control points)` : 'none'}`,
  );
  lines.push(`Nodata:      ${info.nodata.map((n) => String(nodataToJson(n) ?? 'none')).join(', ')}`);
  lines.push(`Blocks:      ${info.blockWidth} x ${info.blockHeight}, ${info.compression}`);
  lines.push(
    `Overviews:   ${info.overviews.length === 0 ? 'none' : info.overviews.map((o) => `${o.width}x${o.height}`).join(', ')}`,
  );
  if (info.mask) lines.push(`Mask:        ${info.mask}`);
  if (info.dateTime) lines.push(`Date-time:   ${info.dateTime}`);
  return `${lines.join('\n')}\n`;
}

/** info decodes no pixel, so it describes any file, also one that detect refuses for its limits. */
const DESCRIBE_ANY = { maxPixels: Infinity, maxCompressionRatio: Infinity, maxBlockBytes: Infinity } as const;

export function registerInfo(program: Command, ctx: CommandContext): void {
  program
    .command('info')
    .description('print what a GeoTIFF/COG holds: size, bands, type, CRS, geotransform, nodata, overviews')
    .argument('<raster>', 'GeoTIFF or COG: a file, or an http(s) URL read by range requests')
    .option('--json', 'print one JSON object instead of text')
    .action(async (raster: string, options: { json?: boolean }) => {
      const reader = await openGeoTiff(raster, { signal: ctx.signal, limits: DESCRIBE_ANY });
      try {
        const info = reader.info();
        ctx.stdout(options.json ? `${JSON.stringify(rasterInfoToJson(info))}\n` : infoToText(reader.path, info));
      } finally {
        await reader.close();
      }
    });
}
