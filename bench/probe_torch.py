"""The probe-beam + beam-predictor network of paper 001 (Fig. 1, Table II) in PyTorch on the CPU: the peer of
bench/probe.ts (same network as bench/probe-peers.ts, here with complex64 tensors and autograd):

    u = sin(phi) sin(theta), v = cos(theta); W_lk = exp(j pi (m u_l + n v_l)) / sqrt(N)   (eqs. (2)-(4), (6b))
    z = a h W^T + nu, x = |z|^2   (eq. (5) over sigma^2; rows of h are h_b^H)
    g = clamp(10 log10 x + sigma^2_dBm, -140, -40), input (g + 140)/100   (eq. (6e), unquantized)
    Linear(L,200)-LeakyReLU(0.04)-Linear(200,200)-LeakyReLU(0.04)-Linear(200,200)-ReLU-Linear(200,N)   (Table II)
    cross-entropy against the optimal beam, torch.optim.Adam.

    python3 probe_torch.py '<json args>' <data file>   ->   one JSON line on stdout
args: {"B", "horizontal", "vertical", "L", "hidden", "leaky", "amplitude", "noiseDbm", "lr",
       "warmup", "rounds", "inner", "inferRounds", "threads"}
data (float32): h [B, N] c64 interleaved, labels [B], nu [B, L] c64, phi [L], theta [L], then weight [out, in] and
bias [out] per Linear.
"""
import json
import math
import sys
import time

import torch


def main():
    a = json.loads(sys.argv[1])
    torch.set_num_threads(a['threads'])
    B, L, Nh, Nv = a['B'], a['L'], a['horizontal'], a['vertical']
    N = Nh * Nv
    widths = [L, *a['hidden'], N]
    raw = torch.frombuffer(bytearray(open(sys.argv[2], 'rb').read()), dtype=torch.float32)
    at = 0

    def take(*shape):
        nonlocal at
        n = math.prod(shape)
        out = raw[at:at + n].reshape(*shape).clone()
        at += n
        return out

    h = torch.view_as_complex(take(B, N, 2))
    labels = take(B).long()
    nu = torch.view_as_complex(take(B, L, 2))
    phi = take(L).requires_grad_()
    theta = take(L).requires_grad_()
    linears = []
    for i in range(len(widths) - 1):
        lin = torch.nn.Linear(widths[i], widths[i + 1])
        with torch.no_grad():
            lin.weight.copy_(take(widths[i + 1], widths[i]))
            lin.bias.copy_(take(widths[i + 1]))
        linears.append(lin)
    assert at == raw.numel()
    mods = []
    for i, lin in enumerate(linears):
        mods.append(lin)
        if i < len(linears) - 2:
            mods.append(torch.nn.LeakyReLU(a['leaky']))
        elif i == len(linears) - 2:
            mods.append(torch.nn.ReLU())
    predictor = torch.nn.Sequential(*mods)
    k = torch.arange(N)
    m_idx = math.pi * torch.div(k, Nv, rounding_mode='floor').float()
    n_idx = math.pi * (k % Nv).float()
    amplitude, noise_dbm = a['amplitude'], a['noiseDbm']

    def logits(hb, nub):
        u = torch.sin(phi) * torch.sin(theta)
        v = torch.cos(theta)
        phase = u[:, None] * m_idx[None, :] + v[:, None] * n_idx[None, :]
        W = torch.polar(torch.full_like(phase, 1 / math.sqrt(N)), phase)  # [L, N]
        z = amplitude * (hb @ W.T) + nub
        x = z.real ** 2 + z.imag ** 2
        g = torch.clamp(10 * torch.log10(x) + noise_dbm, -140.0, -40.0)
        return predictor((g + 140) / 100)

    opt = torch.optim.Adam([phi, theta, *predictor.parameters()], lr=a['lr'])

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(logits(h, nu), labels)
        loss.backward()
        opt.step()
        return loss

    first = step().item()
    for _ in range(a['warmup']):
        step()
    ms = []
    last = float('nan')
    for _ in range(a['rounds']):
        t0 = time.perf_counter()
        for _ in range(a['inner']):
            l = step()
        last = l.item()
        ms.append((time.perf_counter() - t0) * 1000 / a['inner'])
    infer = {}
    with torch.no_grad():
        for rows in sorted({1, B}):
            hb, nub = h[:rows], nu[:rows]
            logits(hb, nub).sum().item()
            times = []
            for _ in range(a['inferRounds']):
                t0 = time.perf_counter()
                logits(hb, nub).sum().item()
                times.append((time.perf_counter() - t0) * 1000)
            infer[str(rows)] = times
    blas = sorted({line.split('/')[-1].strip() for line in open('/proc/self/maps') if 'blas' in line.lower()})
    print(json.dumps({'ms': ms, 'firstLoss': first, 'lastLoss': last, 'infer': infer, 'torch': torch.__version__,
                      'threads': torch.get_num_threads(), 'blas': blas}))


main()
