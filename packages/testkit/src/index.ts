export { writeCity, CITY_ORIGIN, CITY_EPSG } from './demo-city/write-city.js';
export type { CityFiles, CityOptions } from './demo-city/write-city.js';
export type { CityPlan, PlannedParcel, PlannedPermit, Rect, TruthEntry, Scenario } from './demo-city/plan.js';
export { seededRandom } from './seeded-random.js';
export { circleRing, writeManyVertexParcels } from './many-vertex-parcels.js';
export { scoreParcels } from './parcel-scores.js';
export type { FlagRow, ParcelScores, ParcelTruth } from './parcel-scores.js';
