import type { GraphBuilder } from '../onnx/graph.js';
import type { StateDict, Tensor } from '../torch/read-state-dict.js';

/** Graph-building steps shared by architectures: the PyTorch layers as ONNX nodes, weights from a state dict. */
export interface Layers {
  readonly g: GraphBuilder;
  tensor(key: string): Tensor;
  /** Conv2d from `<prefix>.weight` (and `<prefix>.bias` when present), padding (k-1)/2. */
  conv(x: string, prefix: string, options?: { stride?: number; groups?: number; bias?: boolean }): string;
  /** Conv2d without bias followed by BatchNorm2d (eval mode), folded into one conv with bias. */
  convBn(x: string, convPrefix: string, bnPrefix: string, options?: { stride?: number; groups?: number }): string;
  silu(x: string): string;
  prelu(x: string, prefix: string): string;
  /** InstanceNorm2d without affine parameters, eps 1e-5. */
  instanceNorm(x: string, channels: number): string;
}

const BN_EPS = 1e-5;

export function layers(g: GraphBuilder, weights: StateDict): Layers {
  const tensor = (key: string): Tensor => {
    const t = weights.get(key);
    if (!t) throw new Error(`graph: weight ${key} missing`);
    return t;
  };
  let constants = 0;
  const constant = (name: string, dims: readonly number[], data: Float32Array): string =>
    g.constant(`${name}#${constants++}`, dims, data);
  const convNode = (
    x: string,
    w: Tensor,
    b: Float32Array | null,
    name: string,
    stride: number,
    groups: number,
  ): string => {
    const k = w.shape[2]!;
    const p = (k - 1) / 2;
    const inputs = [x, constant(`${name}.weight`, w.shape, w.data)];
    if (b) inputs.push(constant(`${name}.bias`, [b.length], b));
    return g.op('Conv', inputs, {
      kernel_shape: [k, w.shape[3]!],
      pads: [p, p, p, p],
      strides: [stride, stride],
      group: groups,
    });
  };
  const ones = new Map<number, [string, string]>();
  return {
    g,
    tensor,
    conv(x, prefix, options = {}) {
      const bias = options.bias !== false && weights.has(`${prefix}.bias`) ? tensor(`${prefix}.bias`).data : null;
      return convNode(x, tensor(`${prefix}.weight`), bias, prefix, options.stride ?? 1, options.groups ?? 1);
    },
    convBn(x, convPrefix, bnPrefix, options = {}) {
      const w = tensor(`${convPrefix}.weight`);
      const [gamma, beta, mean, variance] = ['weight', 'bias', 'running_mean', 'running_var'].map(
        (n) => tensor(`${bnPrefix}.${n}`).data,
      );
      const out = w.shape[0]!;
      const per = w.data.length / out;
      const folded = new Float32Array(w.data.length);
      const bias = new Float32Array(out);
      for (let o = 0; o < out; o++) {
        const scale = gamma![o]! / Math.sqrt(variance![o]! + BN_EPS);
        for (let i = 0; i < per; i++) folded[o * per + i] = w.data[o * per + i]! * scale;
        bias[o] = beta![o]! - mean![o]! * scale;
      }
      return convNode(x, { shape: w.shape, data: folded }, bias, convPrefix, options.stride ?? 1, options.groups ?? 1);
    },
    silu: (x) => g.op('Mul', [x, g.op('Sigmoid', [x])]),
    prelu: (x, prefix) => g.op('PRelu', [x, constant(`${prefix}.weight`, [1], tensor(`${prefix}.weight`).data)]),
    instanceNorm(x, channels) {
      let pair = ones.get(channels);
      if (!pair) {
        pair = [
          constant(`in_scale_${channels}`, [channels], new Float32Array(channels).fill(1)),
          constant(`in_bias_${channels}`, [channels], new Float32Array(channels)),
        ];
        ones.set(channels, pair);
      }
      return g.op('InstanceNormalization', [x, pair[0], pair[1]], { epsilon: 1e-5 }, ['epsilon']);
    },
  };
}
