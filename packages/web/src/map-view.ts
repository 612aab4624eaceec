import {
  LngLat,
  Map as MapLibre,
  setMaxParallelImageRequests,
  setWorkerUrl,
  type GeoJSONSource,
  type StyleSpecification,
} from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { TileJson } from './api.js';

setWorkerUrl(workerUrl);
// Browsers open 6 connections per host: leave two for the API, so a decision never waits behind tiles.
setMaxParallelImageRequests(4);

export type DateShown = 'before' | 'after';
export type ViewMode = 'toggle' | 'swipe';

export interface Overlays {
  readonly parcel: GeoJSON.Geometry | null;
  readonly changes: GeoJSON.FeatureCollection;
  readonly footprints: GeoJSON.MultiPolygon | null;
}

type BBox = readonly [number, number, number, number];

/** A parcel's bbox grown by its own size and at least 30 m on each side: its neighbours and the street. */
export function withContext(bbox: BBox): BBox {
  const mPerDegLat = 111_320;
  const mPerDegLng = mPerDegLat * Math.cos((((bbox[1] + bbox[3]) / 2) * Math.PI) / 180);
  const padLng = Math.max(bbox[2] - bbox[0], 30 / mPerDegLng);
  const padLat = Math.max(bbox[3] - bbox[1], 30 / mPerDegLat);
  return [bbox[0] - padLng, bbox[1] - padLat, bbox[2] + padLng, bbox[3] + padLat];
}

/** A TileJSON tile template as an absolute URL (the server sends absolute ones; `{z}` must stay unencoded). */
const absolute = (template: string, origin: string): string =>
  /^https?:\/\//.test(template) ? template : `${origin}${template}`;

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const asCollection = (g: GeoJSON.Geometry | null): GeoJSON.FeatureCollection =>
  g ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] } : EMPTY;

/** A basemap-free style: a dark background, one date's imagery, the change layer and the vectors. */
function styleFor(
  date: DateShown,
  tiles: Record<'before' | 'after' | 'change', TileJson>,
  origin: string,
): StyleSpecification {
  const raster = (tj: TileJson) => ({
    type: 'raster' as const,
    tiles: tj.tiles.map((t) => absolute(t, origin)),
    tileSize: tj.tileSize,
    bounds: tj.bounds as [number, number, number, number],
    minzoom: tj.minzoom,
    maxzoom: tj.maxzoom,
  });
  return {
    version: 8,
    sources: {
      imagery: raster(tiles[date]),
      change: raster(tiles.change),
      parcel: { type: 'geojson', data: EMPTY },
      changes: { type: 'geojson', data: EMPTY },
      footprints: { type: 'geojson', data: EMPTY },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#1d2126' } },
      { id: 'imagery', type: 'raster', source: 'imagery', paint: { 'raster-fade-duration': 0 } },
      {
        id: 'change',
        type: 'raster',
        source: 'change',
        paint: { 'raster-opacity': 0.45, 'raster-fade-duration': 0 },
        layout: { visibility: date === 'after' ? 'visible' : 'none' },
      },
      { id: 'changes', type: 'line', source: 'changes', paint: { 'line-color': '#ff3b30', 'line-width': 1.5 } },
      {
        id: 'footprints',
        type: 'line',
        source: 'footprints',
        paint: { 'line-color': '#34c759', 'line-width': 2, 'line-dasharray': [2, 1] },
      },
      { id: 'parcel', type: 'line', source: 'parcel', paint: { 'line-color': '#00e5ff', 'line-width': 2.5 } },
    ],
  };
}

/**
 * The review map: two synchronised MapLibre maps, before underneath and after on top. Toggle mode
 * shows one date at a time; swipe mode shows after to the right of a draggable divider.
 */
export class MapView {
  private before: MapLibre | null = null;
  private readonly viewMaxZoom: number;
  /** The layers to warm for the next flag, the one on screen first: after, change, before. */
  private readonly tileLayers: readonly { url: string; minzoom: number; maxzoom: number; tileSize: number }[];
  private overlays: Overlays | null = null;
  private readonly after: MapLibre;
  private date: DateShown = 'after';
  private mode: ViewMode = 'toggle';
  private swipeAt = 0.5;
  private syncing = false;
  private readonly resizes: ResizeObserver;

  constructor(
    private readonly container: HTMLElement,
    tiles: Record<'before' | 'after' | 'change', TileJson>,
    /** Where to start: the first flag's bbox (so no tile of the whole scene is loaded first), else the scene. */
    start: BBox | null,
    private readonly onIdle: () => void = () => undefined,
    /** After every move: the scale bar follows. */
    private readonly onMove: () => void = () => undefined,
  ) {
    const origin = window.location.origin;
    this.tileLayers = [tiles.after, tiles.change, tiles.before].map((tj) => ({
      url: absolute(tj.tiles[0]!, origin),
      minzoom: tj.minzoom,
      maxzoom: tj.maxzoom,
      tileSize: tj.tileSize,
    }));
    // A flag's first view: the imagery magnified at most about twice (MapLibre's zoom z shows 512 * 2^z
    // pixels around the world; the tile server's maxzoom counts 256-pixel tiles, rounded up), so the
    // view holds the neighbours and the street and its tiles are the server's finest, drawn 1:1.
    this.viewMaxZoom = Math.max(1, tiles.after.maxzoom + Math.log2(tiles.after.tileSize / 256) - 0.5);
    const startView = start ? withContext(start) : (tiles.before.bounds as BBox);
    const make = (el: HTMLElement, date: DateShown): MapLibre =>
      new MapLibre({
        container: el,
        style: styleFor(date, tiles, origin),
        bounds: startView as [number, number, number, number],
        fitBoundsOptions: { padding: 40, maxZoom: this.viewMaxZoom },
        attributionControl: false,
        fadeDuration: 0,
        maxZoom: 21,
      });
    const afterEl = container.querySelector<HTMLElement>('.map-after')!;
    this.after = make(afterEl, 'after');
    this.after.on('moveend', () => {
      const b = this.after.getBounds();
      container.dataset.zoom = this.after.getZoom().toFixed(2);
      container.dataset.view = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map((v) => v.toFixed(6))
        .join(',');
    });
    this.after.on('move', () => this.onMove());
    this.after.once('load', () => this.onMove());
    // The before map follows the after map only while it is on screen (before shown, or swipe): moving
    // to the next flag then loads one date's tiles, not two; the before tiles of the next flag are
    // warmed by prefetch, and a toggle brings the before map to the view at once.
    this.after.on('move', () => this.beforeShown() && this.follow(this.after, this.before));
    this.after.once('idle', () => {
      const before = (this.before = make(container.querySelector<HTMLElement>('.map-before')!, 'before'));
      before.jumpTo({ center: this.after.getCenter(), zoom: this.after.getZoom() });
      before.on('move', () => this.follow(before, this.after));
      if (this.overlays) this.show(this.overlays);
    });
    this.after.on('idle', () => this.onIdle());
    this.installSwipe();
    this.apply();
    // The maps measure their container once; follow layout changes (grid, RTL switch, window size).
    this.resizes = new ResizeObserver(() => {
      this.before?.resize();
      this.after.resize();
    });
    this.resizes.observe(container);
  }

  /** Both maps and their WebGL contexts freed (sign-out). */
  remove(): void {
    this.resizes.disconnect();
    this.before?.remove();
    this.after.remove();
  }

  /** True while the before map is visible: its date shown, or swipe mode. */
  private beforeShown(): boolean {
    return this.mode === 'swipe' || this.date === 'before';
  }

  /** One map takes the other's camera (without echoing the move back). */
  private follow(from: MapLibre, to: MapLibre | null): void {
    if (this.syncing || !to) return;
    this.syncing = true;
    to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
    this.syncing = false;
  }

  private installSwipe(): void {
    const handle = this.container.querySelector<HTMLElement>('.swipe-handle')!;
    let dragging = false;
    handle.addEventListener('pointerdown', (e) => {
      dragging = true;
      handle.setPointerCapture(e.pointerId);
    });
    handle.addEventListener('pointermove', (e) => {
      if (!dragging) return;
      const rect = this.container.getBoundingClientRect();
      this.swipeAt = Math.min(0.98, Math.max(0.02, (e.clientX - rect.left) / rect.width));
      this.apply();
    });
    handle.addEventListener('pointerup', () => (dragging = false));
  }

  private apply(): void {
    if (this.beforeShown()) this.follow(this.after, this.before);
    const afterEl = this.after.getContainer();
    const handle = this.container.querySelector<HTMLElement>('.swipe-handle')!;
    this.container.dataset.date = this.date;
    this.container.dataset.mode = this.mode;
    if (this.mode === 'swipe') {
      afterEl.style.visibility = 'visible';
      afterEl.style.clipPath = `inset(0 0 0 ${this.swipeAt * 100}%)`;
      handle.hidden = false;
      handle.style.left = `${this.swipeAt * 100}%`;
    } else {
      afterEl.style.clipPath = 'none';
      afterEl.style.visibility = this.date === 'after' ? 'visible' : 'hidden';
      handle.hidden = true;
    }
    this.container.style.setProperty('--swipe-at', `${this.swipeAt * 100}%`);
  }

  /** One key: before <-> after (leaves swipe mode). */
  toggleDate(): DateShown {
    this.mode = 'toggle';
    this.date = this.date === 'after' ? 'before' : 'after';
    this.apply();
    return this.date;
  }

  toggleSwipe(): ViewMode {
    this.mode = this.mode === 'swipe' ? 'toggle' : 'swipe';
    this.apply();
    return this.mode;
  }

  /**
   * Draws a flag's parcel, change polygons and permitted footprint on both maps. The sources exist as
   * soon as the style is parsed; `isStyleLoaded()` is false while any tile loads, and `load` fires once
   * only, so waiting for it after a move would never draw (the outlines vanished after `j`).
   */
  show(overlays: Overlays): void {
    this.overlays = overlays;
    for (const map of [this.before, this.after]) {
      if (!map) continue;
      const go = (): boolean => {
        const sources = (['parcel', 'changes', 'footprints'] as const).map(
          (id) => map.getSource(id) as GeoJSONSource | undefined,
        );
        if (sources.some((source) => !source)) return false;
        sources[0]!.setData(asCollection(overlays.parcel));
        sources[1]!.setData(overlays.changes);
        sources[2]!.setData(asCollection(overlays.footprints));
        return true;
      };
      if (!go()) map.once('style.load', () => this.overlays && this.show(this.overlays));
    }
  }

  /** The parcel with its neighbours and the street around it, at no more than the imagery's own resolution. */
  fit(bbox: BBox, animate = false): void {
    const view = withContext(bbox);
    this.after.fitBounds(
      [
        [view[0], view[1]],
        [view[2], view[3]],
      ],
      { padding: 40, maxZoom: this.viewMaxZoom, animate },
    );
    // A flag next to the last one can have the same view: draw once anyway, so `idle` says it is shown.
    this.after.triggerRepaint();
  }

  /** Metres per screen pixel at the centre of the view (for the scale bar). */
  metresPerPixel(): number {
    const lat = (this.after.getCenter().lat * Math.PI) / 180;
    return (40075016.686 * Math.cos(lat)) / (512 * 2 ** this.after.getZoom());
  }

  /** What is on screen, for the labels: the date shown, and toggle or swipe. */
  shown(): { date: DateShown; mode: ViewMode; swipeAt: number } {
    return { date: this.date, mode: this.mode, swipeAt: this.swipeAt };
  }

  /**
   * Warms the browser's cache with the tiles the map will need for `bbox` (the next flag), so moving
   * there draws at once. Tiles are requested a few at a time, after the current view is drawn.
   */
  async prefetch(bbox: BBox, signal: AbortSignal): Promise<void> {
    const view = withContext(bbox);
    const camera = this.after.cameraForBounds(
      [
        [view[0], view[1]],
        [view[2], view[3]],
      ],
      { padding: 40, maxZoom: this.viewMaxZoom },
    );
    if (!camera?.center || camera.zoom === undefined) return;
    const { lng, lat } = LngLat.convert(camera.center);
    const { clientWidth: width, clientHeight: height } = this.after.getContainer();
    const urls: string[] = [];
    // The tiles MapLibre will ask for: a raster source of T-pixel tiles at map zoom z uses tiles of
    // zoom round(z + log2(512 / T)), clamped to the source's zooms, each drawn T * 2^(z + log2(512 / T) - tileZoom) px wide.
    for (const { url, minzoom, maxzoom, tileSize } of this.tileLayers) {
      const zoom = camera.zoom + Math.log2(512 / tileSize);
      const z = Math.min(maxzoom, Math.max(minzoom, Math.round(zoom)));
      const span = tileSize * 2 ** (zoom - z);
      const n = 2 ** z;
      const cx = ((lng + 180) / 360) * n;
      const rad = (lat * Math.PI) / 180;
      const cy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
      for (let y = Math.floor(cy - height / 2 / span); y <= Math.floor(cy + height / 2 / span); y++)
        for (let x = Math.floor(cx - width / 2 / span); x <= Math.floor(cx + width / 2 / span); x++)
          urls.push(url.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    }
    for (let i = 0; i < urls.length && !signal.aborted; i += 3)
      await Promise.all(
        urls.slice(i, i + 3).map((u) =>
          fetch(u, { credentials: 'same-origin', signal })
            .then((r) => r.arrayBuffer())
            .catch(() => undefined),
        ),
      );
  }

  /** True when the visible map has drawn all its tiles. */
  loaded(): boolean {
    return this.after.loaded() && this.after.areTilesLoaded();
  }
}
