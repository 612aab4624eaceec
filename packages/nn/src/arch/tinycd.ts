import type { Graph } from '../onnx/graph.js';
import { graphBuilder } from '../onnx/graph.js';
import type { StateDict } from '../torch/read-state-dict.js';
import type { Architecture } from './architecture.js';
import { layers, type Layers } from './layers.js';

/**
 * TinyCD (Codegoni, Lombardi, Ferrari 2023): a shared EfficientNet-B4 stem (stages 0-3) over both
 * dates, mixing blocks that interleave the two dates' channels, attention masks at H, H/2 and H/4,
 * and an upsampling decoder. Built from the network's description in
 * ../shared/data/models/tinycd/README.md (state-dict names as published).
 */

interface Block {
  readonly cin: number;
  readonly cout: number;
  readonly expansion: number;
  readonly kernel: number;
  readonly stride: number;
}

const repeat = (first: Block, n: number): Block[] => [
  first,
  ...Array.from({ length: n - 1 }, () => ({ ...first, cin: first.cout, stride: 1 })),
];
/** Stages 1-3 of torchvision's EfficientNet-B4 features (stage 0 is the stride-2 stem conv). */
const STAGES: readonly (readonly Block[])[] = [
  repeat({ cin: 48, cout: 24, expansion: 1, kernel: 3, stride: 1 }, 2),
  repeat({ cin: 24, cout: 32, expansion: 6, kernel: 3, stride: 2 }, 4),
  repeat({ cin: 32, cout: 56, expansion: 6, kernel: 5, stride: 2 }, 4),
];
const STEM = 48;
/** Mixing-with-attention blocks: channels of each date, pixelwise MLP widths. */
const MASKS = [
  { prefix: '_first_mix', channels: 3, widths: [3, 10, 5, 1] },
  { prefix: '_mixing_mask.0', channels: 24, widths: [24, 12, 6, 1] },
  { prefix: '_mixing_mask.1', channels: 32, widths: [32, 16, 8, 1] },
] as const;
const LAST_MIX = { prefix: '_mixing_mask.2._convmix', channels: 56 };
const UP = [
  [56, 64],
  [64, 64],
  [64, 32],
] as const;
const CLASSIFY = [32, 16, 8, 1] as const;
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

function bnShapes(shapes: Map<string, number[]>, prefix: string, c: number): void {
  for (const n of ['weight', 'bias', 'running_mean', 'running_var']) shapes.set(`${prefix}.${n}`, [c]);
  shapes.set(`${prefix}.num_batches_tracked`, []);
}

/** Module indices inside an MBConv block: expand (when expanding), depthwise, squeeze-excitation, project. */
function blockParts(b: Block): { expand: number | null; depthwise: number; se: number; project: number } {
  return b.expansion > 1
    ? { expand: 0, depthwise: 1, se: 2, project: 3 }
    : { expand: null, depthwise: 0, se: 1, project: 2 };
}

function expectedShapes(): Map<string, number[]> {
  const s = new Map<string, number[]>();
  s.set('_backbone.0.0.weight', [STEM, 3, 3, 3]);
  bnShapes(s, '_backbone.0.1', STEM);
  STAGES.forEach((stage, i) =>
    stage.forEach((b, j) => {
      const p = `_backbone.${i + 1}.${j}.block`;
      const mid = b.cin * b.expansion;
      const squeeze = Math.max(1, Math.floor(b.cin / 4));
      const part = blockParts(b);
      if (part.expand !== null) {
        s.set(`${p}.${part.expand}.0.weight`, [mid, b.cin, 1, 1]);
        bnShapes(s, `${p}.${part.expand}.1`, mid);
      }
      s.set(`${p}.${part.depthwise}.0.weight`, [mid, 1, b.kernel, b.kernel]);
      bnShapes(s, `${p}.${part.depthwise}.1`, mid);
      s.set(`${p}.${part.se}.fc1.weight`, [squeeze, mid, 1, 1]);
      s.set(`${p}.${part.se}.fc1.bias`, [squeeze]);
      s.set(`${p}.${part.se}.fc2.weight`, [mid, squeeze, 1, 1]);
      s.set(`${p}.${part.se}.fc2.bias`, [mid]);
      s.set(`${p}.${part.project}.0.weight`, [b.cout, mid, 1, 1]);
      bnShapes(s, `${p}.${part.project}.1`, b.cout);
    }),
  );
  const mixShapes = (prefix: string, c: number): void => {
    s.set(`${prefix}.0.weight`, [c, 2, 3, 3]);
    s.set(`${prefix}.0.bias`, [c]);
    s.set(`${prefix}.1.weight`, [1]);
  };
  const mlpShapes = (prefix: string, widths: readonly number[], lastPrelu: boolean): void => {
    for (let i = 0; i + 1 < widths.length; i++) {
      s.set(`${prefix}.${i}.0.weight`, [widths[i + 1]!, widths[i]!, 1, 1]);
      s.set(`${prefix}.${i}.0.bias`, [widths[i + 1]!]);
      if (lastPrelu || i + 2 < widths.length) s.set(`${prefix}.${i}.1.weight`, [1]);
    }
  };
  for (const m of MASKS) {
    mixShapes(`${m.prefix}._mixing._convmix`, m.channels);
    mlpShapes(`${m.prefix}._linear._linears`, m.widths, true);
  }
  mixShapes(LAST_MIX.prefix, LAST_MIX.channels);
  UP.forEach(([cin, cout], i) => {
    const p = `_up.${i}._convolution`;
    s.set(`${p}.0.weight`, [cin, 1, 3, 3]);
    s.set(`${p}.0.bias`, [cin]);
    s.set(`${p}.1.weight`, [1]);
    s.set(`${p}.3.weight`, [cout, cin, 1, 1]);
    s.set(`${p}.3.bias`, [cout]);
    s.set(`${p}.4.weight`, [1]);
  });
  mlpShapes('_classify._linears', CLASSIFY, false);
  return s;
}

/** MixingBlock: channels of the two dates interleaved (x0, y0, x1, y1, ...), grouped 3x3 conv, PReLU, InstanceNorm. */
function mix(l: Layers, x: string, y: string, prefix: string, channels: number): string {
  const w = l.tensor(`${prefix}.0.weight`);
  // A grouped conv over interleaved pairs is a depthwise conv of each date with its half of the kernel, summed.
  const half = (t: number): Float32Array => {
    const out = new Float32Array(channels * 9);
    for (let c = 0; c < channels; c++) out.set(w.data.subarray((c * 2 + t) * 9, (c * 2 + t + 1) * 9), c * 9);
    return out;
  };
  const dims = [channels, 1, 3, 3];
  const conv = (input: string, t: number, bias: boolean): string => {
    const inputs = [input, l.g.constant(`${prefix}.0.weight.${t}`, dims, half(t))];
    if (bias) inputs.push(l.g.constant(`${prefix}.0.bias`, [channels], l.tensor(`${prefix}.0.bias`).data));
    return l.g.op('Conv', inputs, { kernel_shape: [3, 3], pads: [1, 1, 1, 1], group: channels });
  };
  const mixed = l.g.op('Add', [conv(x, 0, false), conv(y, 1, true)]);
  return l.instanceNorm(l.prelu(mixed, `${prefix}.1`), channels);
}

/** PixelwiseLinear: 1x1 convs, each followed by PReLU (the last by nothing when `lastPrelu` is false). */
function mlp(l: Layers, x: string, prefix: string, layersCount: number, lastPrelu: boolean): string {
  let h = x;
  for (let i = 0; i < layersCount; i++) {
    h = l.conv(h, `${prefix}.${i}.0`);
    if (lastPrelu || i + 1 < layersCount) h = l.prelu(h, `${prefix}.${i}.1`);
  }
  return h;
}

function mbconv(l: Layers, x: string, b: Block, prefix: string): string {
  const part = blockParts(b);
  const mid = b.cin * b.expansion;
  let h = x;
  if (part.expand !== null) h = l.silu(l.convBn(h, `${prefix}.${part.expand}.0`, `${prefix}.${part.expand}.1`));
  h = l.silu(
    l.convBn(h, `${prefix}.${part.depthwise}.0`, `${prefix}.${part.depthwise}.1`, { stride: b.stride, groups: mid }),
  );
  const squeezed = l.silu(l.conv(l.g.op('GlobalAveragePool', [h]), `${prefix}.${part.se}.fc1`));
  h = l.g.op('Mul', [h, l.g.op('Sigmoid', [l.conv(squeezed, `${prefix}.${part.se}.fc2`)])]);
  h = l.convBn(h, `${prefix}.${part.project}.0`, `${prefix}.${part.project}.1`);
  return b.stride === 1 && b.cin === b.cout ? l.g.op('Add', [h, x]) : h;
}

function buildGraph(weights: StateDict): Graph {
  const g = graphBuilder();
  const l = layers(g, weights);
  const both = g.op('Concat', ['before', 'after'], { axis: 0 });
  const normalised = g.op('Div', [
    g.op('Sub', [both, g.constant('mean', [1, 3, 1, 1], Float32Array.from(MEAN))]),
    g.constant('std', [1, 3, 1, 1], Float32Array.from(STD)),
  ]);
  const split = (t: string): string[] => g.opMulti('Split', [t], 2, { axis: 0 });
  const masked = (pair: string[], i: number): string => {
    const m = MASKS[i]!;
    return mlp(
      l,
      mix(l, pair[0]!, pair[1]!, `${m.prefix}._mixing._convmix`, m.channels),
      `${m.prefix}._linear._linears`,
      m.widths.length - 1,
      true,
    );
  };
  const features = [masked(split(normalised), 0)];
  let h = l.silu(l.convBn(normalised, '_backbone.0.0', '_backbone.0.1', { stride: 2 }));
  STAGES.forEach((stage, i) => {
    stage.forEach((b, j) => {
      h = mbconv(l, h, b, `_backbone.${i + 1}.${j}.block`);
    });
    if (i < 2) features.push(masked(split(h), i + 1));
  });
  const last = split(h);
  let u = mix(l, last[0]!, last[1]!, LAST_MIX.prefix, LAST_MIX.channels);
  const scales = g.constant('upsample_scales', [4], Float32Array.from([1, 1, 2, 2]));
  UP.forEach(([cin, cout], i) => {
    const p = `_up.${i}._convolution`;
    u = g.op('Resize', [u, '', scales], { mode: 'linear', coordinate_transformation_mode: 'align_corners' });
    u = g.op('Mul', [u, features[features.length - 1 - i]!]);
    u = l.instanceNorm(l.prelu(l.conv(u, `${p}.0`, { groups: cin }), `${p}.1`), cin);
    u = l.instanceNorm(l.prelu(l.conv(u, `${p}.3`), `${p}.4`), cout);
  });
  const logits = mlp(l, u, '_classify._linears', CLASSIFY.length - 1, false);
  const probability = g.op('Sigmoid', [logits]);
  const io = (name: string, c: number) => ({ name, dims: ['batch', c, 'height', 'width'] as (number | string)[] });
  return g.finish('tinycd', [io('before', 3), io('after', 3)], [io('probability', 1)], {
    [probability]: 'probability',
  });
}

export const tinycd: Architecture = {
  card: {
    architecture: 'tinycd',
    description: 'TinyCD: a Siamese EfficientNet-B4 stem with mixing and attention-mask decoder (0.29 M parameters)',
    paper:
      'Codegoni, Lombardi, Ferrari. TinyCD: a (not so) deep learning model for change detection. Neural Computing and Applications, 2023. arXiv:2207.13159',
    inputBands: ['red', 'green', 'blue'],
    normalisation: { mean: MEAN, std: STD },
    sizeMultiple: 8,
    trainedTileSize: 256,
    threshold: 0.5,
    tileSize: 320,
    margin: 32,
    blend: 32,
    knownWeights: [
      {
        match: /levir/i,
        trainedOn: 'LEVIR-CD (0.5 m Google Earth imagery, Texas; new and demolished buildings)',
        gsdM: 0.5,
      },
      { match: /whu/i, trainedOn: 'WHU-CD (0.3 m aerial imagery, Christchurch; building change)', gsdM: 0.3 },
    ],
    weightsLicence:
      'TinyCD published weights (AndreaCodegoni/Tiny_model_4_CD): non-commercial and research use only; ask the authors for commercial use',
  },
  expectedShapes,
  canonicalKey: (key) => key.replace(/^_mixing_mask\.2\._mixing\._convmix\./, '_mixing_mask.2._convmix.'),
  buildGraph,
};
