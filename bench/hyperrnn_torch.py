"""HyperRNN (paper 003 section IV, Fig. 3) in PyTorch on the CPU: the peer of bench/hyperrnn.ts, the same network as
models/hyperrnn/network.ts and bench/hyperrnn-peers.ts, with complex64 pilots and autograd:

    y = conj(h) X + n (eqs. (1)-(2)); features [Re y, Im y]
    f^Q: BatchNorm1d -> [Linear -> ReLU -> BatchNorm1d] per hidden width -> Linear(B); q = sign(a u) with the
         surrogate gradient a (1 - tanh^2(a u))
    hypernetwork (6a)-(6b): ReLU Elman RNN over the UL features, linear heads omega_A, omega_B, omega_C
    estimation RNN (4)-(5): s_t = ReLU(W_A (omega_A * q_t) + b_A + W_C (omega_C * s_{t-1})), h_t = W_B (omega_B * s_t) + b_B
    MSE against [Re h_dl, Im h_dl] (7a); torch.optim.Adam; pilot columns projected onto ||X_l||^2 = P after each step.

    python3 hyperrnn_torch.py '<json args>' <data file>   ->   one JSON line on stdout
args: {"B", "T", "M", "Ldl", "Lul", "bits", "encoder", "hyper", "rnn", "power", "slope", "lr", "warmup", "rounds",
       "inner", "threads", "params": [[name, shape, complex], ...]}
data (float32): h_dl, h_ul [B, T, M] c64, n_dl [B, T, Ldl] c64, n_ul [B, T, Lul] c64, then every parameter in the
order of "params" (complex ones interleaved).
"""
import json
import math
import sys
import time

import torch


class SignSte(torch.autograd.Function):
    @staticmethod
    def forward(ctx, z):
        ctx.save_for_backward(z)
        return torch.sign(z)

    @staticmethod
    def backward(ctx, g):
        (z,) = ctx.saved_tensors
        return g * (1 - torch.tanh(z) ** 2)


def main():
    a = json.loads(sys.argv[1])
    torch.set_num_threads(a['threads'])
    B, T, M = a['B'], a['T'], a['M']
    raw = torch.frombuffer(bytearray(open(sys.argv[2], 'rb').read()), dtype=torch.float32)
    at = 0

    def take(shape, complex_=False):
        nonlocal at
        n = math.prod(shape) * (2 if complex_ else 1)
        out = raw[at:at + n].clone()
        at += n
        return torch.view_as_complex(out.reshape(*shape, 2)) if complex_ else out.reshape(*shape)

    h_dl = take([B, T, M], True)
    h_ul = take([B, T, M], True)
    n_dl = take([B, T, a['Ldl']], True)
    n_ul = take([B, T, a['Lul']], True)
    p = {}
    for name, shape, cplx in a['params']:
        p[name] = take(shape, cplx).requires_grad_()
    assert at == raw.numel()
    enc = a['encoder']
    bns = {}
    for i in [0] + [3 * k + 3 for k in range(len(enc))]:
        w = p[f'encoder.{i}.weight']
        bn = torch.nn.BatchNorm1d(w.shape[0], eps=1e-5, momentum=0.1)
        with torch.no_grad():
            bn.weight.copy_(w)
            bn.bias.copy_(p[f'encoder.{i}.bias'])
        bns[i] = bn
        p[f'encoder.{i}.weight'] = bn.weight
        p[f'encoder.{i}.bias'] = bn.bias
    params = list(p.values())
    target = torch.cat([h_dl.real, h_dl.imag], -1).reshape(B * T, 2 * M)

    def features(h, X, n):
        y = torch.matmul(h.conj(), X) + n
        return torch.cat([y.real, y.imag], -1).reshape(B * T, -1)

    def lin(x, name):
        return torch.nn.functional.linear(x, p[f'{name}.weight'], p[f'{name}.bias'])

    def loss_fn():
        x = bns[0](features(h_dl, p['dl_pilots.X'], n_dl))
        for k in range(len(enc)):
            x = bns[3 * k + 3](torch.relu(lin(x, f'encoder.{3 * k + 1}')))
        u = lin(x, f'encoder.{3 * len(enc) + 1}')
        q = SignSte.apply(u * a['slope'])
        yul = features(h_ul, p['ul_pilots.X'], n_ul)
        drive = (yul @ p['hyper.cell.weight_ih'].T + p['hyper.cell.bias_ih'] + p['hyper.cell.bias_hh']).reshape(B, T, -1)
        states = []
        for t in range(T):
            d = drive[:, t]
            states.append(torch.relu(d if t == 0 else d + states[-1] @ p['hyper.cell.weight_hh'].T))
        S = torch.stack(states, 1).reshape(B * T, -1)
        oA, oB = lin(S, 'hyper.head_A'), lin(S, 'hyper.head_B')
        oC = lin(S, 'hyper.head_C').reshape(B, T, -1)
        drive = ((q * oA) @ p['estimator.W_A'].T + p['estimator.b_A']).reshape(B, T, -1)
        states = []
        for t in range(T):
            d = drive[:, t]
            states.append(torch.relu(d if t == 0 else d + (states[-1] * oC[:, t]) @ p['estimator.W_C'].T))
        S = torch.stack(states, 1).reshape(B * T, -1)
        out = (S * oB) @ p['estimator.W_B'].T + p['estimator.b_B']
        return torch.nn.functional.mse_loss(out, target)

    opt = torch.optim.Adam(params, lr=a['lr'])

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn()
        loss.backward()
        opt.step()
        with torch.no_grad():
            for name in ('dl_pilots.X', 'ul_pilots.X'):
                X = p[name]
                X.mul_(math.sqrt(a['power']) / X.abs().pow(2).sum(0, keepdim=True).sqrt())
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
    blas = sorted({line.split('/')[-1].strip() for line in open('/proc/self/maps') if 'blas' in line.lower()})
    print(json.dumps({'ms': ms, 'firstLoss': first, 'lastLoss': last, 'torch': torch.__version__,
                      'threads': torch.get_num_threads(), 'blas': blas}))


main()
