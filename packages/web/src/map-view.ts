import { LngLat, Map as MapLibre, ScaleControl, setMaxParallelImageRequests, setWorkerUrl, type GeoJSONSource, type StyleSpecification } from 'maplibre-gl';
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

const EMPTY: GeoJSON.FeatureCollection = { type: 'FeatureCollection', features: [] };
const asCollection = (g: GeoJSON.Geometry | null): GeoJSON.FeatureCollection => (g ? { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: g }] } : EMPTY);

/** A basemap-free style: a dark background, one date's imagery, the change layer and the vectors. */
function styleFor(date: DateShown, tiles: Record<'before' | 'after' | 'change', TileJson>, origin: string): StyleSpecification {
  const raster = (tj: TileJson) => ({ type: 'raster' as const, tiles: tj.tiles.map((t) => `${origin}${t}`), tileSize: 256, bounds: tj.bounds as [number, number, number, number], minzoom: tj.minzoom, maxzoom: tj.maxzoom });
  return {
    version: 8,
    sources: { imagery: raster(tiles[date]), change: raster(tiles.change), parcel: { type: 'geojson', data: EMPTY }, changes: { type: 'geojson', data: EMPTY }, footprints: { type: 'geojson', data: EMPTY } },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': '#1d2126' } },
      { id: 'imagery', type: 'raster', source: 'imagery', paint: { 'raster-fade-duration': 0 } },
      { id: 'change', type: 'raster', source: 'change', paint: { 'raster-opacity': 0.45, 'raster-fade-duration': 0 }, layout: { visibility: date === 'after' ? 'visible' : 'none' } },
      { id: 'changes', type: 'line', source: 'changes', paint: { 'line-color': '#ff3b30', 'line-width': 1.5 } },
      { id: 'footprints', type: 'line', source: 'footprints', paint: { 'line-color': '#34c759', 'line-width': 2, 'line-dasharray': [2, 1] } },
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
  private overlays: Overlays | null = null;
  private readonly after: MapLibre;
  private date: DateShown = 'after';
  private mode: ViewMode = 'toggle';
  private swipeAt = 0.5;
  private syncing = false;

  constructor(
    private readonly container: HTMLElement,
    tiles: Record<'before' | 'after' | 'change', TileJson>,
    /** Where to start: the first flag's bbox (so no tile of the whole scene is loaded first), else the scene. */
    start: readonly [number, number, number, number] | null,
    private readonly onIdle: () => void = () => undefined,
  ) {
    const origin = window.location.origin;
    const make = (el: HTMLElement, date: DateShown): MapLibre =>
      new MapLibre({ container: el, style: styleFor(date, tiles, origin), bounds: (start ?? tiles.before.bounds) as [number, number, number, number], fitBoundsOptions: { padding: 60, maxZoom: 20 }, attributionControl: false, fadeDuration: 0, maxZoom: 21 });
    const afterEl = container.querySelector<HTMLElement>('.map-after')!;
    this.after = make(afterEl, 'after');
    this.after.addControl(new ScaleControl({ unit: 'metric' }), 'bottom-left');
    const sync = (from: MapLibre, to: MapLibre) => () => {
      if (this.syncing) return;
      this.syncing = true;
      to.jumpTo({ center: from.getCenter(), zoom: from.getZoom(), bearing: from.getBearing(), pitch: from.getPitch() });
      this.syncing = false;
    };
    // The before map starts once the after map has drawn the first view, so the first screen loads
    // one date's tiles, not two; from then on the two move together.
    this.after.once('idle', () => {
      this.before = make(container.querySelector<HTMLElement>('.map-before')!, 'before');
      this.before.jumpTo({ center: this.after.getCenter(), zoom: this.after.getZoom() });
      this.after.on('move', sync(this.after, this.before));
      this.before.on('move', sync(this.before, this.after));
      if (this.overlays) this.show(this.overlays);
    });
    this.after.on('idle', () => this.onIdle());
    this.installSwipe();
    this.apply();
    // The maps measure their container once; follow layout changes (grid, RTL switch, window size).
    new ResizeObserver(() => {
      this.before?.resize();
      this.after.resize();
    }).observe(container);
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

  show(overlays: Overlays): void {
    this.overlays = overlays;
    for (const map of [this.before, this.after]) {
      if (!map) continue;
      const set = (id: string, data: GeoJSON.FeatureCollection) => (map.getSource(id) as GeoJSONSource | undefined)?.setData(data);
      const go = () => {
        set('parcel', asCollection(overlays.parcel));
        set('changes', overlays.changes);
        set('footprints', asCollection(overlays.footprints));
      };
      if (map.isStyleLoaded()) go();
      else map.once('load', go);
    }
  }

  fit(bbox: readonly [number, number, number, number], animate = false): void {
    this.after.fitBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 60, maxZoom: 20, animate });
  }

  /**
   * Warms the browser's cache with the tiles the map will need for `bbox` (the next flag), so moving
   * there draws at once. Tiles are requested a few at a time, after the current view is drawn.
   */
  async prefetch(bbox: readonly [number, number, number, number], tileUrls: readonly string[], signal: AbortSignal): Promise<void> {
    const camera = this.after.cameraForBounds([[bbox[0], bbox[1]], [bbox[2], bbox[3]]], { padding: 60, maxZoom: 20 });
    if (!camera?.center || camera.zoom === undefined) return;
    const z = Math.round(camera.zoom);
    const { lng, lat } = LngLat.convert(camera.center);
    const { clientWidth: width, clientHeight: height } = this.after.getContainer();
    const n = 2 ** z;
    const cx = ((lng + 180) / 360) * n;
    const rad = (lat * Math.PI) / 180;
    const cy = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n;
    const urls: string[] = [];
    for (let x = Math.floor(cx - width / 512); x <= Math.floor(cx + width / 512); x++)
      for (let y = Math.floor(cy - height / 512); y <= Math.floor(cy + height / 512); y++) for (const t of tileUrls) urls.push(t.replace('{z}', String(z)).replace('{x}', String(x)).replace('{y}', String(y)));
    for (let i = 0; i < urls.length && !signal.aborted; i += 3) await Promise.all(urls.slice(i, i + 3).map((u) => fetch(u, { credentials: 'same-origin', signal }).then((r) => r.arrayBuffer()).catch(() => undefined)));
  }

  /** True when the visible map has drawn all its tiles. */
  loaded(): boolean {
    return this.after.loaded() && this.after.areTilesLoaded();
  }
}
