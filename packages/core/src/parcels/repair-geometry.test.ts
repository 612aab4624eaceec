import { describe, expect, it } from 'vitest';
import { planarArea } from '../geometry/planar.js';
import { repairGeometry } from './repair-geometry.js';

const square = [
  [0, 0],
  [10, 0],
  [10, 10],
  [0, 10],
  [0, 0],
];

describe('repairGeometry', () => {
  it('keeps a valid polygon as it is', () => {
    const r = repairGeometry({ type: 'Polygon', coordinates: [square] });
    expect(r).toEqual({ ok: true, geometry: { type: 'Polygon', coordinates: [square] }, repaired: null });
  });

  it('closes an open ring and drops repeated points', () => {
    const r = repairGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 0],
          [10, 10],
          [0, 10],
        ],
      ],
    });
    expect(r.ok && r.geometry.coordinates).toEqual([square]);
    expect(r.ok && r.repaired).toBe('closed an open ring');
  });

  it('splits a bow-tie at its crossing and keeps both lobes', () => {
    const bowTie = [
      [0, 0],
      [10, 10],
      [10, 0],
      [0, 10],
      [0, 0],
    ];
    const r = repairGeometry({ type: 'Polygon', coordinates: [bowTie] });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.repaired).toMatch(/self-intersecting/);
    expect(planarArea(r.geometry)).toBeCloseTo(50, 6); // two triangles of 25
  });

  it('refuses what is not an area', () => {
    expect(
      repairGeometry({
        type: 'LineString',
        coordinates: [
          [0, 0],
          [1, 1],
        ],
      }),
    ).toEqual({ ok: false, problem: 'geometry is LineString, not a Polygon or MultiPolygon' });
    expect(repairGeometry(null).ok).toBe(false);
    expect(
      repairGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [0, 0],
          ],
        ],
      }).ok,
    ).toBe(false);
    expect(
      repairGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 'x'],
            [1, 0],
            [0, 0],
          ],
        ],
      }).ok,
    ).toBe(false);
    expect(
      repairGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [0, 0],
            [1, 1],
            [2, 2],
            [0, 0],
          ],
        ],
      }),
    ).toEqual({ ok: false, problem: 'geometry has no area' });
  });
});
