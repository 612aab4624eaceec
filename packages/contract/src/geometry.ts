import { z } from 'zod';
import type { MultiPolygon, Polygon } from 'geojson';

/** [west, south, east, north] in degrees. */
export const BboxSchema = z.tuple([z.number(), z.number(), z.number(), z.number()]);
export type Bbox = z.infer<typeof BboxSchema>;

const position = z.array(z.number()).min(2);
const rings = z.array(z.array(position));

/** RFC 7946 polygons, longitude/latitude: a flag's geometry (the parcel, or the change itself off every parcel), its evidence and footprints. */
export const PolygonSchema: z.ZodType<Polygon> = z.object({ type: z.literal('Polygon'), coordinates: rings });
export const MultiPolygonSchema: z.ZodType<MultiPolygon> = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(rings),
});
export const FlagGeometrySchema: z.ZodType<Polygon | MultiPolygon> = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: rings }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(rings) }),
]);
export type FlagGeometry = Polygon | MultiPolygon;
