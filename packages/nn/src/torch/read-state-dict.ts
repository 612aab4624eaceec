import { unzipSync } from 'fflate';
import { NameRegistry, Parser } from 'pickleparser';
import { DataError } from '@payesh/core';

/** One tensor of a state dict: float32 values (int64 entries converted), row-major, and its shape. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export type StateDict = ReadonlyMap<string, Tensor>;

type StorageKind = 'float32' | 'int64' | 'float64' | 'float16';

/** What a pickled tensor names: its storage by persistent id, then offset, size and stride. */
interface TensorRef {
  readonly storage: { readonly kind: StorageKind; readonly key: string; readonly numel: number };
  readonly offset: number;
  readonly size: readonly number[];
  readonly stride: readonly number[];
}

const STORAGE_CLASSES: Record<string, StorageKind> = {
  FloatStorage: 'float32',
  LongStorage: 'int64',
  DoubleStorage: 'float64',
  HalfStorage: 'float16',
};
const BYTES: Record<StorageKind, number> = { float32: 4, int64: 8, float64: 8, float16: 2 };

/**
 * Reads a PyTorch state dict saved by `torch.save` in the zip format (pickle protocol 2 in
 * `<name>/data.pkl`, tensors pointing by persistent id to raw little-endian storages in
 * `<name>/data/<key>`). No Python: the pickle is interpreted with only the few names a state dict
 * uses (an OrderedDict, `_rebuild_tensor_v2` and storage classes); any other name is refused.
 */
export function readStateDict(bytes: Uint8Array, file: string): StateDict {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (error) {
    throw new DataError(`not a PyTorch weights file (zip format): ${(error as Error).message}`, { file });
  }
  const pklName = Object.keys(entries).find((n) => /^[^/]+\/data\.pkl$/.test(n));
  if (!pklName) throw new DataError('not a PyTorch weights file: no data.pkl inside the zip', { file });
  const prefix = pklName.slice(0, -'data.pkl'.length);
  const refs = unpickleRefs(entries[pklName]!, file);
  const out = new Map<string, Tensor>();
  for (const [key, ref] of refs) {
    const raw = entries[`${prefix}data/${ref.storage.key}`];
    if (!raw)
      throw new DataError(`tensor "${key}" points to storage ${ref.storage.key}, which the file lacks (truncated?)`, {
        file,
      });
    out.set(key, { shape: ref.size, data: gather(raw, ref, key, file) });
  }
  return out;
}

function unpickleRefs(pickle: Uint8Array, file: string): Map<string, TensorRef> {
  const names = new NameRegistry();
  names.register('collections', 'OrderedDict', function OrderedDict() {
    return new Map();
  });
  names.register(
    'torch._utils',
    '_rebuild_tensor_v2',
    (storage: TensorRef['storage'], offset: number, size: number[], stride: number[]) => ({
      storage,
      offset,
      size,
      stride,
    }),
  );
  for (const [name, kind] of Object.entries(STORAGE_CLASSES)) names.register('torch', name, () => kind);
  // Refuse anything else a pickle could name (a state dict needs nothing more).
  names.onMissingName = (module: string, name: string) => {
    throw new DataError(`not a plain state dict: the pickle names ${module}.${name}`, { file });
  };
  const storages = new Map<string, TensorRef['storage']>();
  const parser = new Parser({
    nameResolver: names,
    unpicklingTypeOfDictionary: 'Map',
    persistentResolver: {
      resolve(pid: unknown) {
        // ('storage', storage class, key, location, numel)
        const t = pid as [string, () => StorageKind, string, string, number];
        if (!Array.isArray(t) || t[0] !== 'storage' || typeof t[1] !== 'function')
          throw new DataError('not a PyTorch weights file: unknown persistent id in data.pkl', { file });
        const storage = { kind: t[1](), key: String(t[2]), numel: Number(t[4]) };
        storages.set(storage.key, storage);
        return storage;
      },
    },
  });
  let root: unknown;
  try {
    root = parser.parse(pickle);
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(`cannot read data.pkl: ${(error as Error).message}`, { file });
  }
  if (!(root instanceof Map))
    throw new DataError('not a state dict: data.pkl holds no dictionary of tensors', { file });
  const refs = new Map<string, TensorRef>();
  for (const [key, value] of root) {
    const ref = value as TensorRef;
    if (typeof key !== 'string' || !ref?.storage || !Array.isArray(ref.size))
      throw new DataError(`not a state dict: entry "${String(key)}" is not a tensor`, { file });
    refs.set(key, ref);
  }
  return refs;
}

/** The tensor's values in row-major order, whatever its strides, as float32. */
function gather(raw: Uint8Array, ref: TensorRef, key: string, file: string): Float32Array {
  const { kind, numel } = ref.storage;
  if (raw.length !== numel * BYTES[kind])
    throw new DataError(
      `tensor "${key}": storage holds ${raw.length} bytes, expected ${numel * BYTES[kind]} (truncated?)`,
      { file },
    );
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const at = (i: number): number => {
    if (kind === 'float32') return view.getFloat32(i * 4, true);
    if (kind === 'float64') return view.getFloat64(i * 8, true);
    if (kind === 'int64') return Number(view.getBigInt64(i * 8, true));
    return halfToFloat(view.getUint16(i * 2, true));
  };
  const count = ref.size.reduce((a, b) => a * b, 1);
  const out = new Float32Array(count);
  const index = new Array<number>(ref.size.length).fill(0);
  for (let n = 0; n < count; n++) {
    let i = ref.offset;
    for (let d = 0; d < index.length; d++) i += index[d]! * ref.stride[d]!;
    if (i < 0 || i >= numel) throw new DataError(`tensor "${key}" reaches outside its storage`, { file });
    out[n] = at(i);
    for (let d = index.length - 1; d >= 0; d--) {
      if (++index[d]! < ref.size[d]!) break;
      index[d] = 0;
    }
  }
  return out;
}

function halfToFloat(h: number): number {
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  const s = h & 0x8000 ? -1 : 1;
  if (e === 0) return s * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? NaN : s * Infinity;
  return s * 2 ** (e - 15) * (1 + m / 1024);
}
