/** Pixel data types, named as users of GDAL know them (lower case). */
export type DType =
  | 'uint8'
  | 'int8'
  | 'uint16'
  | 'int16'
  | 'uint32'
  | 'int32'
  | 'float32'
  | 'float64'
  | 'cint16'
  | 'cint32'
  | 'cfloat32'
  | 'cfloat64';

export type TypedArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Bytes one sample of this type takes in memory (complex types count both parts). */
export function bytesPerSample(dtype: DType): number {
  switch (dtype) {
    case 'uint8':
    case 'int8':
      return 1;
    case 'uint16':
    case 'int16':
      return 2;
    case 'uint32':
    case 'int32':
    case 'float32':
    case 'cint16':
      return 4;
    case 'float64':
    case 'cint32':
    case 'cfloat32':
      return 8;
    case 'cfloat64':
      return 16;
  }
}

/** Allocates an array for `length` samples of `dtype`; complex types hold interleaved (re, im) pairs. */
export function allocateSamples(dtype: DType, length: number): TypedArray {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'cint16':
      return new Int16Array(length * 2);
    case 'uint32':
      return new Uint32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'cint32':
      return new Int32Array(length * 2);
    case 'float32':
      return new Float32Array(length);
    case 'cfloat32':
      return new Float32Array(length * 2);
    case 'float64':
      return new Float64Array(length);
    case 'cfloat64':
      return new Float64Array(length * 2);
  }
}

export function isComplex(dtype: DType): boolean {
  return dtype.startsWith('c');
}

export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64' || dtype === 'cfloat32' || dtype === 'cfloat64';
}
