import { createHash } from 'node:crypto';
import onnxProto from 'onnx-proto';
import type { AttributeValue, Graph, GraphNode, GraphValue, Initializer } from './graph.js';

const { onnx } = onnxProto;

/** The operator set the graphs are written for (onnxruntime 1.30 runs it on CPU). */
export const OPSET = 17;

function attribute(name: string, value: AttributeValue, asFloat: boolean): onnxProto.onnx.IAttributeProto {
  const T = onnx.AttributeProto.AttributeType;
  if (typeof value === 'string') return { name, type: T.STRING, s: new TextEncoder().encode(value) };
  if (typeof value === 'number')
    return asFloat || !Number.isInteger(value) ? { name, type: T.FLOAT, f: value } : { name, type: T.INT, i: value };
  return { name, type: T.INTS, ints: [...value] };
}

function node(n: GraphNode): onnxProto.onnx.INodeProto {
  const floats = new Set(n.floatAttributes ?? []);
  return {
    opType: n.op,
    input: [...n.inputs],
    output: [...n.outputs],
    name: n.outputs[0],
    attribute: Object.entries(n.attributes).map(([k, v]) => attribute(k, v, floats.has(k))),
  };
}

function tensor(t: Initializer): onnxProto.onnx.ITensorProto {
  const isFloat = t.data instanceof Float32Array;
  const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
  return {
    name: t.name,
    dims: [...t.dims],
    dataType: isFloat ? onnx.TensorProto.DataType.FLOAT : onnx.TensorProto.DataType.INT64,
    rawData: bytes,
  };
}

function valueInfo(v: GraphValue): onnxProto.onnx.IValueInfoProto {
  const dim = v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name: v.name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}

/** The metadata key holding the sha256 of the encoded graph: a damaged model file is refused, not run. */
export const GRAPH_DIGEST_KEY = 'payesh.graph_sha256';

const graphDigest = (graph: onnxProto.onnx.IGraphProto): string =>
  createHash('sha256').update(onnx.GraphProto.encode(graph).finish()).digest('hex');

/** Encodes a graph as an ONNX model (protobuf) with string metadata and the graph's digest. */
export function encodeModel(
  graph: Graph,
  metadata: Readonly<Record<string, string>>,
  producerVersion: string,
): Uint8Array {
  const proto = onnx.GraphProto.create({
    name: graph.name,
    node: graph.nodes.map(node),
    initializer: graph.initializers.map(tensor),
    input: graph.inputs.map(valueInfo),
    output: graph.outputs.map(valueInfo),
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'payesh',
    producerVersion,
    opsetImport: [{ domain: '', version: OPSET }],
    metadataProps: Object.entries({ ...metadata, [GRAPH_DIGEST_KEY]: graphDigest(proto) }).map(([key, value]) => ({
      key,
      value,
    })),
    graph: proto,
  });
  return onnx.ModelProto.encode(model).finish();
}

/**
 * The metadata of an ONNX model file and whether its graph still matches the digest written with it
 * (null when it has none); null when the bytes are not an ONNX model.
 */
export function decodeMetadata(bytes: Uint8Array): { metadata: Record<string, string>; intact: boolean | null } | null {
  let model: onnxProto.onnx.ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch {
    return null;
  }
  if (!model.graph) return null;
  const metadata = Object.fromEntries(model.metadataProps.map((p) => [p.key ?? '', p.value ?? '']));
  const digest = metadata[GRAPH_DIGEST_KEY];
  return { metadata, intact: digest === undefined ? null : digest === graphDigest(model.graph) };
}
