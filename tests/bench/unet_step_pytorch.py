"""PyTorch peer for one SD 1.5-size UNet step (benchmark only; not part of the product or the tests).

Builds the SD 1.5 UNet2DConditionModel structure (diffusers' config: block_out_channels 320/640/1280/1280,
2 resnets per level, 8 heads, cross-attention 768, GEGLU) in plain PyTorch with random weights, and times
one forward of a CFG batch (2 x 4 x 64 x 64 latents, 2 x 77 x 768 context) on the CPU, in inference mode.
Usage: /usr/bin/python3 tests/bench/unet_step_pytorch.py [repeats] [threads]  (Debian's python3-torch; threads
defaults to 2, what TorchSharp uses on this 2-core machine)
"""
import math
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


class Resnet(nn.Module):
    def __init__(self, cin, cout, temb=1280):
        super().__init__()
        self.norm1, self.conv1 = nn.GroupNorm(32, cin, eps=1e-5), nn.Conv2d(cin, cout, 3, padding=1)
        self.time_emb_proj = nn.Linear(temb, cout)
        self.norm2, self.conv2 = nn.GroupNorm(32, cout, eps=1e-5), nn.Conv2d(cout, cout, 3, padding=1)
        self.shortcut = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, t):
        h = self.conv1(F.silu(self.norm1(x))) + self.time_emb_proj(F.silu(t))[:, :, None, None]
        h = self.conv2(F.silu(self.norm2(h)))
        return (self.shortcut(x) if self.shortcut is not None else x) + h


class Attention(nn.Module):
    def __init__(self, dim, context, heads=8):
        super().__init__()
        self.heads = heads
        self.to_q, self.to_k, self.to_v = nn.Linear(dim, dim, bias=False), nn.Linear(context, dim, bias=False), nn.Linear(context, dim, bias=False)
        self.to_out = nn.Linear(dim, dim)

    def forward(self, x, c):
        b, n, d = x.shape
        q, k, v = (t.view(b, -1, self.heads, d // self.heads).transpose(1, 2) for t in (self.to_q(x), self.to_k(c), self.to_v(c)))
        # PyTorch 1.13 (Debian's) has no scaled_dot_product_attention: diffusers' AttnProcessor math.
        weights = torch.softmax(q @ k.transpose(-1, -2) * (q.shape[-1] ** -0.5), dim=-1)
        return self.to_out((weights @ v).transpose(1, 2).reshape(b, n, d))


class Transformer(nn.Module):
    def __init__(self, dim):
        super().__init__()
        self.norm, self.proj_in, self.proj_out = nn.GroupNorm(32, dim, eps=1e-6), nn.Conv2d(dim, dim, 1), nn.Conv2d(dim, dim, 1)
        self.norm1, self.attn1 = nn.LayerNorm(dim), Attention(dim, dim)
        self.norm2, self.attn2 = nn.LayerNorm(dim), Attention(dim, 768)
        self.norm3, self.ff_in, self.ff_out = nn.LayerNorm(dim), nn.Linear(dim, dim * 8), nn.Linear(dim * 4, dim)

    def forward(self, x, c):
        b, ch, h, w = x.shape
        y = self.proj_in(self.norm(x)).permute(0, 2, 3, 1).reshape(b, h * w, ch)
        n = self.norm1(y)
        y = y + self.attn1(n, n)
        y = y + self.attn2(self.norm2(y), c)
        a, g = self.ff_in(self.norm3(y)).chunk(2, dim=-1)
        y = y + self.ff_out(a * F.gelu(g))
        return x + self.proj_out(y.reshape(b, h, w, ch).permute(0, 3, 1, 2))


class UNet(nn.Module):
    def __init__(self):
        super().__init__()
        ch = [320, 640, 1280, 1280]
        self.conv_in = nn.Conv2d(4, 320, 3, padding=1)
        self.time_1, self.time_2 = nn.Linear(320, 1280), nn.Linear(1280, 1280)
        self.down, skips, cin = nn.ModuleList(), [320], 320
        for level, cout in enumerate(ch):
            for _ in range(2):
                self.down.append(nn.ModuleList([Resnet(cin, cout)] + ([Transformer(cout)] if level < 3 else [])))
                cin = cout
                skips.append(cout)
            if level < 3:
                self.down.append(nn.ModuleList([nn.Conv2d(cout, cout, 3, stride=2, padding=1)]))
                skips.append(cout)
        self.mid = nn.ModuleList([Resnet(1280, 1280), Transformer(1280), Resnet(1280, 1280)])
        self.up = nn.ModuleList()
        for level, cout in enumerate(reversed(ch)):
            for _ in range(3):
                self.up.append(nn.ModuleList([Resnet(cin + skips.pop(), cout)] + ([Transformer(cout)] if level > 0 else [])))
                cin = cout
            if level < 3:
                self.up.append(nn.ModuleList([nn.Conv2d(cout, cout, 3, padding=1)]))
        self.norm_out, self.conv_out = nn.GroupNorm(32, 320, eps=1e-5), nn.Conv2d(320, 4, 3, padding=1)

    def forward(self, x, t, c):
        freqs = torch.exp(-math.log(10000) * torch.arange(160) / 160)
        emb = t[:, None].float() * freqs[None]
        temb = self.time_2(F.silu(self.time_1(torch.cat([emb.cos(), emb.sin()], -1))))
        h = self.conv_in(x)
        skips = [h]
        for block in self.down:
            if isinstance(block[0], nn.Conv2d):
                h = block[0](h)
            else:
                h = block[0](h, temb)
                if len(block) > 1:
                    h = block[1](h, c)
            skips.append(h)
        h = self.mid[2](self.mid[1](self.mid[0](h, temb), c), temb)
        for block in self.up:
            if isinstance(block[0], nn.Conv2d):
                h = block[0](F.interpolate(h, scale_factor=2.0, mode="nearest"))
            else:
                h = block[0](torch.cat([h, skips.pop()], 1), temb)
                if len(block) > 1:
                    h = block[1](h, c)
        return self.conv_out(F.silu(self.norm_out(h)))


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 2)
    torch.manual_seed(0)
    model = UNet().eval()
    print(f"torch {torch.__version__}, threads {torch.get_num_threads()}, parameters {sum(p.numel() for p in model.parameters()):,}")
    x, c, t = torch.randn(2, 4, 64, 64), torch.randn(2, 77, 768), torch.tensor([999, 999])
    with torch.inference_mode():
        for i in range(repeats):
            start = time.perf_counter()
            model(x, t, c)
            print(f"step {i}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
