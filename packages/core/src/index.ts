export {
  PayeshError,
  InputError,
  DataError,
  NotFoundError,
  ConflictError,
  ForbiddenError,
  toDataError,
} from './errors.js';
export type { ErrorCode } from './errors.js';
export { bytesPerSample, allocateSamples, isComplex, isFloat } from './dtype.js';
export type { DType, TypedArray } from './dtype.js';
export {
  pixelToCrs,
  crsToPixel,
  invertGeoTransform,
  scaleGeoTransform,
  windowGeoTransform,
  pixelSize,
} from './geotransform.js';
export type { GeoTransform } from './geotransform.js';
export { fullWindow, clipWindow, tileWindows, windowPixelCount } from './window.js';
export type { PixelWindow } from './window.js';
export type { Crs } from './crs.js';
export type { Raster, RasterInfo, RasterReader, ReadOptions, OverviewInfo, Nodata } from './raster.js';
export { halveRaster } from './overview.js';
export type { OverviewResampling } from './overview.js';
export { StripPyramid } from './strip-pyramid.js';
export type { TileRowStrip } from './strip-pyramid.js';
export type { RasterSpec } from './raster.js';
export type { Grid } from './align/grid.js';
export { sameCrs, levelGrid } from './align/grid.js';
export { groundSampleDistance } from './align/ground-distance.js';
export { defaultBandRoles, parseBandRoles } from './evidence/band-roles.js';
export type { BandRoles } from './evidence/band-roles.js';
export { pairFeatures, featureHalo, PAIR_FEATURES, DATE_FEATURES } from './evidence/features.js';
export type { FeatureStack } from './evidence/features.js';
export { predictGbdt } from './classify/gbdt.js';
export type { GbdtModel, TreeNode } from './classify/gbdt.js';
export { trainGbdt, DEFAULT_GBDT_PARAMS } from './classify/gbdt-train.js';
export type { GbdtParams, TrainingSet } from './classify/gbdt-train.js';
export {
  countChanges,
  addCounts,
  pixelScores,
  objectScores,
  minObjectPixels,
  ZERO_COUNTS,
} from './metrics/change-metrics.js';
export type { ChangeCounts, Prf } from './metrics/change-metrics.js';
export { methodByName, METHOD_NAMES } from './detect/method-registry.js';
export { cvaMethod } from './detect/cva-method.js';
export { constructionMethod } from './detect/construction-method.js';
export { learnedMethod } from './detect/learned-method.js';
export type { ChangeMethod, PairWindow, ScoringMethod } from './detect/change-method.js';
export { neuralScorer, modelTileFor } from './neural/neural-scorer.js';
export type { NeuralScoring, ModelTile, DateOrder } from './neural/neural-scorer.js';
export type { NeuralNet, NetBand } from './neural/neural-net.js';
export { resamplePlane } from './neural/resample.js';
export type { AxisMap } from './neural/resample.js';
export type { Alignment } from './detect/alignment.js';
export { estimateAlignment } from './detect/estimate-alignment.js';
export type { AlignmentOptions } from './detect/estimate-alignment.js';
export { readPairWindow } from './detect/read-pair-window.js';
export { runDetection } from './detect/run-detection.js';
export type { DetectionRequest, DetectionResult, RasterSink, RasterName, DetectStage } from './detect/run-detection.js';
export type { ChangeRegion, ChangeKind, RegionEvidence } from './detect/change-region.js';
export { regionsToGeoJson } from './detect/regions-geojson.js';
export type { ChangeCollection, ChangeFeature } from './detect/regions-geojson.js';
export { SCORE_SCALE, SCORE_NODATA } from './detect/score-quantise.js';
export { drawTrainingPixels } from './evidence/training-pixels.js';
export type { TrainingPixels } from './evidence/training-pixels.js';
export { addToHistogram, emptyHistogram, otsuThreshold } from './classify/otsu.js';
export type { Histogram } from './classify/otsu.js';
export { alignmentParts, alignmentFromParts } from './detect/alignment.js';
export type { AlignmentParts } from './detect/alignment.js';
export { cellLayout } from './detect/cell-layout.js';
export type { CellRow } from './detect/cell-layout.js';
export { inProcessScorer } from './detect/tile-scorer.js';
export type { TileScorer } from './detect/tile-scorer.js';
export { chooseAnalysisLevels, alignmentAtLevels, FULL_RESOLUTION } from './detect/analysis-levels.js';
export type { AnalysisLevels } from './detect/analysis-levels.js';
export { parseCalendarDate, formatSolarHijri, latinDigits, persianDigits } from './calendar/calendar-date.js';
export type { IsoDate, DigitStyle } from './calendar/calendar-date.js';
export {
  WGS84,
  pixelToLngLat,
  crsToGridPixel,
  crsToLngLat,
  mapGeometry,
  toRfc7946,
} from './geometry/map-coordinates.js';
export type { PointMap } from './geometry/map-coordinates.js';
export { planarArea, polygonsOf, geometryBounds } from './geometry/planar.js';
export type { AreaGeometry } from './geometry/planar.js';
export { permitCovers } from './parcels/parcel.js';
export type { Parcel, ParcelSet, Permit, PermitStatus, Period } from './parcels/parcel.js';
export { DEFAULT_RULES } from './parcels/assessment-rules.js';
export type { AssessmentRules } from './parcels/assessment-rules.js';
export { parcelViolations } from './parcels/parcel-rules.js';
export type { PlacedPermit, ParcelChange, RuleFinding } from './parcels/parcel-rules.js';
export { placeParcels, placePermits } from './parcels/place-parcels.js';
export type { PlacedParcel } from './parcels/place-parcels.js';
export { assessParcels } from './parcels/assess-parcels.js';
export type { AssessmentInput } from './parcels/assess-parcels.js';
export { categoryOf } from './parcels/flag.js';
export { FLAG_FEATURE_NAMES, measureFlag } from './parcels/flag-features.js';
export type { FlagFeatures, FlagMeasureInput, RegionShare } from './parcels/flag-features.js';
export type { Flag, FlagCategory, FlagPermit, Violation } from './parcels/flag.js';
export { flagsToGeoJson, flagsToFeatures, flagId } from './parcels/flags-geojson.js';
export type { FlagFeature, FlagProperties, PermitProperties } from './parcels/flags-geojson.js';
export { DEFAULT_MAX_VERTICES, repairGeometry } from './parcels/repair-geometry.js';
export type { GeometryLimits, RepairOutcome } from './parcels/repair-geometry.js';
export { coordinateRange, GEOGRAPHIC_RANGE, PROJECTED_RANGE } from './parcels/coordinate-range.js';
export type { CoordinateRange } from './parcels/coordinate-range.js';
export { ringsSelfIntersect, ringsSelfIntersectPairwise } from './geometry/self-intersects.js';
export { warpWindow, sourceWindowFor } from './align/warp.js';
export type { WarpResampling } from './align/warp.js';
export { gridToGridMapper } from './align/point-mapper.js';
export type { PointMapper } from './align/point-mapper.js';
export { csvField, csvRecord, csvTable, UTF8_BOM } from './text/csv.js';
export { echoInput, printable, ECHO_LENGTH } from './text/printable.js';
export { decodeUtf8Text } from './text/decode-text.js';
export type { DecodedText } from './text/decode-text.js';
export type { RankFlag, CategoryRates } from './rank/rank-columns.js';
export { fitRanker } from './rank/fit-ranker.js';
export type { RankFit, FitRankerOptions } from './rank/fit-ranker.js';
export { predictRanker } from './rank/predict-ranker.js';
export type { RankPrediction, RankReason } from './rank/predict-ranker.js';
export { MIN_AP_GAIN, validatesBetter } from './rank/rank-model.js';
export type { RankModel, RankTreeNode, RankValidation } from './rank/rank-model.js';
