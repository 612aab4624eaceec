import type { GeoTIFFImage } from 'geotiff';

/** The tags of one TIFF image directory that Payesh uses, loaded into a plain object. */
export interface ImageTags {
  readonly width: number;
  readonly height: number;
  readonly samplesPerPixel: number;
  readonly bitsPerSample: readonly number[];
  readonly sampleFormat: readonly number[];
  readonly compression: number;
  readonly photometric: number | null;
  readonly planarConfiguration: number;
  readonly predictor: number;
  readonly tiled: boolean;
  readonly blockWidth: number;
  readonly blockHeight: number;
  readonly newSubfileType: number;
  readonly jpegTables: Uint8Array | undefined;
  readonly lercParameters: readonly number[] | undefined;
  readonly gdalNodata: string | null;
  readonly modelPixelScale: readonly number[] | null;
  readonly modelTiepoint: readonly number[] | null;
  readonly modelTransformation: readonly number[] | null;
  readonly geoKeys: Readonly<Record<string, unknown>> | null;
  readonly dateTime: string | null;
}

type Directory = GeoTIFFImage['fileDirectory'];

async function load(fd: Directory, name: string): Promise<unknown> {
  return fd.hasTag(name as never) ? fd.loadValue(name as never) : undefined;
}

function numbers(value: unknown): number[] | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number') return [value];
  if (ArrayBuffer.isView(value) || Array.isArray(value)) return Array.from(value as ArrayLike<number>, Number);
  return null;
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value.replace(/\0+$/, '') : null;
}

export async function readImageTags(image: GeoTIFFImage): Promise<ImageTags> {
  const fd = image.fileDirectory;
  const num = async (name: string, fallback: number): Promise<number> => numbers(await load(fd, name))?.[0] ?? fallback;
  const width = await num('ImageWidth', 0);
  const height = await num('ImageLength', 0);
  const samplesPerPixel = await num('SamplesPerPixel', 1);
  const bitsPerSample = numbers(await load(fd, 'BitsPerSample')) ?? [1];
  const sampleFormat = numbers(await load(fd, 'SampleFormat')) ?? [1];
  const tiled = !fd.hasTag('StripOffsets');
  const blockWidth = tiled ? await num('TileWidth', 0) : width;
  const rowsPerStrip = await num('RowsPerStrip', height);
  const blockHeight = tiled ? await num('TileLength', 0) : Math.min(rowsPerStrip, height);
  for (const name of ['GeoKeyDirectory', 'GeoDoubleParams', 'GeoAsciiParams']) await load(fd, name);
  const lerc = numbers(await load(fd, 'LercParameters'));
  const jpegTables = await load(fd, 'JPEGTables');
  return {
    width,
    height,
    samplesPerPixel,
    bitsPerSample: Array.from({ length: samplesPerPixel }, (_, i) => bitsPerSample[i] ?? bitsPerSample[0]!),
    sampleFormat: Array.from({ length: samplesPerPixel }, (_, i) => sampleFormat[i] ?? sampleFormat[0]!),
    compression: await num('Compression', 1),
    photometric: numbers(await load(fd, 'PhotometricInterpretation'))?.[0] ?? null,
    planarConfiguration: await num('PlanarConfiguration', 1),
    predictor: await num('Predictor', 1),
    tiled,
    blockWidth,
    blockHeight,
    newSubfileType: await num('NewSubfileType', 0),
    jpegTables: jpegTables instanceof Uint8Array ? jpegTables : undefined,
    lercParameters: lerc ?? undefined,
    gdalNodata: text(await load(fd, 'GDAL_NODATA')),
    modelPixelScale: numbers(await load(fd, 'ModelPixelScale')),
    modelTiepoint: numbers(await load(fd, 'ModelTiepoint')),
    modelTransformation: numbers(await load(fd, 'ModelTransformation')),
    geoKeys: fd.hasTag('GeoKeyDirectory') ? (fd.parseGeoKeyDirectory() as Record<string, unknown>) : null,
    dateTime: text(await load(fd, 'DateTime')),
  };
}
