"""TinyCD in a few lines of plain PyTorch, built from ../shared/data/models/tinycd/README.md.

A benchmark reference only (never a runtime dependency of Payesh; needs torch and GDAL's Python bindings,
e.g. Debian's python3-torch and python3-gdal):

  tinycd_torch.py check WEIGHTS.pth BEFORE.tif AFTER.tif REF_PROB.tif
      256x256 tiles from the top-left, no overlap; prints the max abs difference against the reference
      probability map (exit 1 when it is 1e-4 or more).
  tinycd_torch.py time WEIGHTS.pth BEFORE.tif AFTER.tif [--scale S] [--threads N]
      resamples the pair by S model pixels per image pixel with GDAL (average; before timing), reads it a
      row of 256-px tiles at a time, runs every tile and prints one JSON line; seconds_inference counts
      only tensor building and forward passes.
"""
import argparse
import json
import os
import sys
import tempfile
import time

import torch
from torch import nn
from torch.nn import functional as F
from osgeo import gdal

gdal.UseExceptions()
TILE = 256
MEAN = torch.tensor([0.485, 0.456, 0.406]).view(1, 3, 1, 1)
STD = torch.tensor([0.229, 0.224, 0.225]).view(1, 3, 1, 1)


def conv_bn(cin, cout, k, stride=1, groups=1, act=True):
    """Conv (no bias, padding (k-1)/2), BatchNorm, SiLU when act."""
    layers = [nn.Conv2d(cin, cout, k, stride, (k - 1) // 2, groups=groups, bias=False), nn.BatchNorm2d(cout)]
    return nn.Sequential(*layers, nn.SiLU()) if act else nn.Sequential(*layers)


class SqueezeExcitation(nn.Module):
    def __init__(self, channels, squeeze):
        super().__init__()
        self.fc1 = nn.Conv2d(channels, squeeze, 1)
        self.fc2 = nn.Conv2d(squeeze, channels, 1)

    def forward(self, x):
        return x * torch.sigmoid(self.fc2(F.silu(self.fc1(x.mean((2, 3), keepdim=True)))))


class MBConv(nn.Module):
    def __init__(self, cin, cout, expansion, k, stride):
        super().__init__()
        mid = cin * expansion
        expand = [conv_bn(cin, mid, 1)] if expansion > 1 else []
        self.block = nn.Sequential(*expand, conv_bn(mid, mid, k, stride, groups=mid),
                                   SqueezeExcitation(mid, max(1, cin // 4)), conv_bn(mid, cout, 1, act=False))
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        return x + self.block(x) if self.residual else self.block(x)


def stage(cin, cout, blocks, expansion, k, stride):
    return nn.Sequential(*[MBConv(cin if i == 0 else cout, cout, expansion, k, stride if i == 0 else 1) for i in range(blocks)])


class Mix(nn.Module):
    """Interleave x0, y0, x1, y1, ... then grouped 3x3 conv to C channels, PReLU, InstanceNorm."""
    def __init__(self, c):
        super().__init__()
        self._convmix = nn.Sequential(nn.Conv2d(2 * c, c, 3, padding=1, groups=c), nn.PReLU(), nn.InstanceNorm2d(c))

    def forward(self, x, y):
        b, c, h, w = x.shape
        return self._convmix(torch.stack((x, y), 2).reshape(b, 2 * c, h, w))


class PixelwiseLinear(nn.Module):
    def __init__(self, widths, last_prelu=True):
        super().__init__()
        n = len(widths) - 1
        self._linears = nn.Sequential(*[
            nn.Sequential(nn.Conv2d(widths[i], widths[i + 1], 1), *([nn.PReLU()] if i < n - 1 or last_prelu else []))
            for i in range(n)])

    def forward(self, x):
        return self._linears(x)


class MixMask(nn.Module):
    def __init__(self, c, widths):
        super().__init__()
        self._mixing = Mix(c)
        self._linear = PixelwiseLinear(widths)

    def forward(self, x, y):
        return self._linear(self._mixing(x, y))


class Up(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self._convolution = nn.Sequential(
            nn.Conv2d(cin, cin, 3, padding=1, groups=cin), nn.PReLU(), nn.InstanceNorm2d(cin),
            nn.Conv2d(cin, cout, 1), nn.PReLU(), nn.InstanceNorm2d(cout))

    def forward(self, x, mask):
        return self._convolution(F.interpolate(x, scale_factor=2, mode='bilinear', align_corners=True) * mask)


class TinyCD(nn.Module):
    def __init__(self):
        super().__init__()
        self._backbone = nn.ModuleList([conv_bn(3, 48, 3, 2), stage(48, 24, 2, 1, 3, 1), stage(24, 32, 4, 6, 3, 2), stage(32, 56, 4, 6, 5, 2)])
        self._first_mix = MixMask(3, [3, 10, 5, 1])
        self._mixing_mask = nn.ModuleList([MixMask(24, [24, 12, 6, 1]), MixMask(32, [32, 16, 8, 1]), Mix(56)])
        self._up = nn.ModuleList([Up(56, 64), Up(64, 64), Up(64, 32)])
        self._classify = PixelwiseLinear([32, 16, 8, 1], last_prelu=False)

    def forward(self, ref, test):
        maps = [self._first_mix(ref, test)]  # H, then H/2, H/4 and the stage-3 mix at H/8
        x = torch.cat((ref, test))  # both dates through the shared backbone as one batch (eval mode: same result)
        for i, layer in enumerate(self._backbone):
            x = layer(x)
            if i:
                maps.append(self._mixing_mask[i - 1](*x.chunk(2)))
        u = maps[-1]
        for up, mask in zip(self._up, reversed(maps[:-1])):
            u = up(u, mask)
        return torch.sigmoid(self._classify(u))


def load(weights):
    state = torch.load(weights, map_location='cpu')
    state = {k.replace('_mixing_mask.2._mixing._convmix.', '_mixing_mask.2._convmix.'): v for k, v in state.items()}
    net = TinyCD()
    net.load_state_dict(state)  # strict: every name and shape must match
    return net.eval()


def to_tensor(rgb):
    """(3, h, w) uint8 -> normalised 1x3xhxw float32."""
    return (torch.from_numpy(rgb).float().unsqueeze(0) / 255 - MEAN) / STD


def read(ds, col, row, w, h):
    return ds.ReadAsArray(col, row, w, h, band_list=[1, 2, 3])


def check(a):
    net, before, after = load(a.weights), gdal.Open(a.before), gdal.Open(a.after)
    ref = gdal.Open(a.ref).ReadAsArray()
    w, h = before.RasterXSize, before.RasterYSize
    worst = 0.0
    with torch.no_grad():
        for row in range(0, h - h % TILE, TILE):
            for col in range(0, w - w % TILE, TILE):
                p = net(to_tensor(read(before, col, row, TILE, TILE)), to_tensor(read(after, col, row, TILE, TILE)))[0, 0].numpy()
                worst = max(worst, float(abs(p - ref[row:row + TILE, col:col + TILE]).max()))
    print(f'max abs diff {worst:.3g} over {w // TILE * (h // TILE)} tiles ({"ok" if worst < 1e-4 else "FAIL"})')
    return 0 if worst < 1e-4 else 1


def resampled(path, scale, tmp):
    """The image at the model's resolution (GDAL, average when shrinking), as a tiled GeoTIFF in tmp."""
    ds = gdal.Open(path)
    if scale == 1:
        return ds
    out = os.path.join(tmp, os.path.basename(path))
    gdal.Translate(out, ds, width=round(ds.RasterXSize * scale), height=round(ds.RasterYSize * scale),
                   resampleAlg='average' if scale < 1 else 'bilinear', creationOptions=['TILED=YES', 'BLOCKXSIZE=256', 'BLOCKYSIZE=256'])
    return gdal.Open(out)


def starts(size, tile):
    """Tile origins from 0; the last one moved inside the image so every tile is whole."""
    return sorted({min(s, size - tile) for s in range(0, size, tile)})


def time_pair(a):
    torch.set_num_threads(a.threads)
    net = load(a.weights)
    src = gdal.Open(a.before)
    mpx_image = src.RasterXSize * src.RasterYSize / 1e6
    with tempfile.TemporaryDirectory(prefix='tinycd-torch-') as tmp:
        before, after = resampled(a.before, a.scale, tmp), resampled(a.after, a.scale, tmp)
        w, h = before.RasterXSize, before.RasterYSize
        if (after.RasterXSize, after.RasterYSize) != (w, h):
            sys.exit(f'{a.after}: {after.RasterXSize}x{after.RasterYSize}, the before image is {w}x{h}')
        tw, th = min(TILE, w - w % 8), min(TILE, h - h % 8)
        seconds, tiles = 0.0, 0
        with torch.no_grad():
            for row in starts(h, th):
                b, f = read(before, 0, row, w, th), read(after, 0, row, w, th)  # one row of tiles
                for col in starts(w, tw):
                    t0 = time.perf_counter()
                    net(to_tensor(b[:, :, col:col + tw].copy()), to_tensor(f[:, :, col:col + tw].copy()))
                    seconds += time.perf_counter() - t0
                    tiles += 1
    print(json.dumps({'seconds_inference': round(seconds, 3), 'megapixels_model': round(w * h / 1e6, 3), 'megapixels_image': round(mpx_image, 3),
                      'mpx_per_s_image': round(mpx_image / seconds, 3), 'threads': torch.get_num_threads(), 'tiles': tiles, 'tile': [tw, th],
                      'scale': a.scale, 'torch': torch.__version__}))
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('mode', choices=['check', 'time'])
    p.add_argument('weights')
    p.add_argument('before')
    p.add_argument('after')
    p.add_argument('ref', nargs='?', help='check: the reference prob.tif')
    p.add_argument('--scale', type=float, default=1.0, help='time: model pixels per image pixel')
    p.add_argument('--threads', type=int, default=os.cpu_count())
    a = p.parse_args()
    if a.mode == 'check' and not a.ref:
        p.error('check needs REF_PROB.tif')
    return check(a) if a.mode == 'check' else time_pair(a)


if __name__ == '__main__':
    sys.exit(main())
