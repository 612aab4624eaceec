/** An ONNX graph as plain data, before encoding: float32 initialisers, nodes in topological order. */
export type AttributeValue = number | readonly number[] | string;

export interface GraphNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Attributes that are floats even when their value is a whole number (ONNX types them apart). */
  readonly floatAttributes?: readonly string[];
}

export interface Initializer {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A float32 tensor input or output; `null` dimensions are named symbolic ones. */
export interface GraphValue {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

export interface Graph {
  readonly name: string;
  readonly inputs: readonly GraphValue[];
  readonly outputs: readonly GraphValue[];
  readonly nodes: readonly GraphNode[];
  readonly initializers: readonly Initializer[];
}

/** Builds a graph node by node; names of intermediate values are generated. */
export interface GraphBuilder {
  /** Adds a float32 (or int64) constant and returns its name. */
  constant(name: string, dims: readonly number[], data: Float32Array | BigInt64Array): string;
  /** Adds a node with one output and returns the output's name. */
  op(
    op: string,
    inputs: readonly string[],
    attributes?: Readonly<Record<string, AttributeValue>>,
    floatAttributes?: readonly string[],
  ): string;
  /** Adds a node with several outputs. */
  opMulti(
    op: string,
    inputs: readonly string[],
    outputs: number,
    attributes?: Readonly<Record<string, AttributeValue>>,
  ): string[];
  finish(
    name: string,
    inputs: readonly GraphValue[],
    outputs: readonly GraphValue[],
    rename: Readonly<Record<string, string>>,
  ): Graph;
}

export function graphBuilder(): GraphBuilder {
  const nodes: GraphNode[] = [];
  const initializers: Initializer[] = [];
  const used = new Set<string>();
  let counter = 0;
  const fresh = (op: string): string => `${op.toLowerCase()}_${counter++}`;
  return {
    constant(name, dims, data) {
      if (used.has(name)) throw new Error(`graph: constant ${name} defined twice`);
      used.add(name);
      initializers.push({ name, dims, data });
      return name;
    },
    op(op, inputs, attributes = {}, floatAttributes) {
      const out = fresh(op);
      nodes.push({ op, inputs, outputs: [out], attributes, ...(floatAttributes ? { floatAttributes } : {}) });
      return out;
    },
    opMulti(op, inputs, outputs, attributes = {}) {
      const outs = Array.from({ length: outputs }, () => fresh(op));
      nodes.push({ op, inputs, outputs: outs, attributes });
      return outs;
    },
    finish(name, inputs, outputs, rename) {
      // The graph's outputs are named by renaming the values that produce them.
      const map = (v: string): string => rename[v] ?? v;
      return {
        name,
        inputs,
        outputs,
        initializers,
        nodes: nodes.map((n) => ({ ...n, inputs: n.inputs.map(map), outputs: n.outputs.map(map) })),
      };
    },
  };
}
