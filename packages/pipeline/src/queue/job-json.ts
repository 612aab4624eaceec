/**
 * Job data as text that comes back as it went: BullMQ stores a job's data as JSON, which turns NaN and
 * Infinity into null and a typed array into an object of indices. Those are encoded as tagged objects
 * and decoded on the way out, so a window job's init reaches the worker exactly as the thread pool's
 * structured clone would hand it over.
 */
const TYPED = {
  Float32Array,
  Float64Array,
  Int8Array,
  Int16Array,
  Int32Array,
  Uint8Array,
  Uint16Array,
  Uint32Array,
  Uint8ClampedArray,
} as const;
type TypedName = keyof typeof TYPED;

const NUM = '$payesh-number';
const ARR = '$payesh-typed';

export function encodeJobJson(value: unknown): string {
  return JSON.stringify(value, function (this: unknown, key: string, v: unknown) {
    // Typed arrays: JSON.stringify hands the replacer the array itself (before toJSON, none exists).
    const raw = (this as Record<string, unknown>)[key];
    if (ArrayBuffer.isView(raw) && !(raw instanceof DataView)) {
      const name = raw.constructor.name as TypedName;
      if (!(name in TYPED)) throw new Error(`cannot send a ${name} in job data`);
      return { [ARR]: name, values: Array.from(raw as unknown as ArrayLike<number>, (n) => numberOut(n)) };
    }
    if (typeof v === 'number') return numberOut(v);
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint')
      throw new Error(`cannot send a ${typeof v} in job data (at "${key}")`);
    return v;
  });
}

function numberOut(n: number): number | Record<string, string> {
  if (Number.isFinite(n)) return Object.is(n, -0) ? { [NUM]: '-0' } : n;
  return { [NUM]: String(n) };
}

function numberIn(v: unknown): unknown {
  if (v !== null && typeof v === 'object' && NUM in v) return Number((v as Record<string, string>)[NUM]);
  return v;
}

export function decodeJobJson<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object') {
      if (NUM in v) return numberIn(v);
      if (ARR in v) {
        const { [ARR]: name, values } = v as { [ARR]: TypedName; values: unknown[] };
        return TYPED[name].from(values.map((x) => numberIn(x) as number));
      }
    }
    return v;
  }) as T;
}
