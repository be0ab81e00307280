"""Can PP-NN and CP-NN (Table I sizes, pi*tanh phase outputs) learn channel-dependent beams from log det alone?

Trains the two analog networks on -mean log det(I + P/N_s H_eq H_eq^H) at 10 dB (the Phasor variant's pretraining,
models/jhpf/analog-pretrain.ts) with Adam, batch 256, and every --every steps prints on the test channels: log det,
log det with the beams of *other* channels (shuffled: what a channel-independent design would get) and sigma^2(H_eq).
--save writes the beams of the first 65 536 training channels and of the test channels for digital_stage.py.
An independent float32 PyTorch re-implementation (CPU), to find out what the stage can reach before paying for an
engine run.  Usage: python3 analog_stage.py TRAIN.pds TEST.pds [--steps 6000 --lr 3e-3 --save beams.npz]
"""
import argparse
import time

import numpy as np
import torch

from pds import load_channels

ap = argparse.ArgumentParser()
ap.add_argument('train'), ap.add_argument('test')
ap.add_argument('--steps', type=int, default=6000)
ap.add_argument('--n', type=int, default=261000)
ap.add_argument('--lr', type=float, default=3e-3)
ap.add_argument('--every', type=int, default=1000)
ap.add_argument('--save', default='')
a = ap.parse_args()
torch.set_num_threads(1)
torch.manual_seed(1)
H = torch.tensor(load_channels(a.train, a.n), dtype=torch.complex64)
Hv = torch.tensor(load_channels(a.test, 256), dtype=torch.complex64)
Nr, Nt, Ns = 16, 32, 3
c = 10 / Ns  # P / N_s at 10 dB, sigma^2 = 1


def mlp(inputs, hidden, outputs):
    layers, w = [], inputs
    for h in hidden:  # Table I: Dense -> ReLU -> BN
        layers += [torch.nn.Linear(w, h), torch.nn.ReLU(), torch.nn.BatchNorm1d(h)]
        w = h
    return torch.nn.Sequential(*layers, torch.nn.Linear(w, outputs))


pp = mlp(2 * Nr * Nt, [512, 256, 128], Nt * Ns)
cp = mlp(2 * Nr * Nt, [512, 256, 128, 64], Nr * Ns)
opt = torch.optim.Adam([*pp.parameters(), *cp.parameters()], lr=a.lr)


def beams(H):
    B = H.shape[0]
    v = torch.cat([H.real.reshape(B, -1), H.imag.reshape(B, -1)], 1)
    tp, tc = np.pi * torch.tanh(pp(v)), np.pi * torch.tanh(cp(v))
    F = torch.polar(torch.ones_like(tp), tp).reshape(B, Nt, Ns) / np.sqrt(Nt)
    W = torch.polar(torch.ones_like(tc), tc).reshape(B, Nr, Ns) / np.sqrt(Nr)
    return F, W


def log_det(H, F, W):
    He = W.conj().transpose(1, 2) @ H @ F
    return torch.logdet(torch.eye(Ns) + c * He @ He.conj().transpose(1, 2)).real, He


t0 = time.time()
for s in range(a.steps):
    pp.train(), cp.train()
    Hb = H[torch.randint(0, len(H), (256,))]
    loss = -log_det(Hb, *beams(Hb))[0].mean()
    opt.zero_grad(), loss.backward(), opt.step()
    if s % a.every == a.every - 1:
        pp.eval(), cp.eval()
        with torch.no_grad():
            F, W = beams(Hv)
            ld, He = log_det(Hv, F, W)
            perm = torch.randperm(len(Hv))
            shuffled, _ = log_det(Hv, F[perm], W[perm])
            s2 = (torch.linalg.svdvals(He) ** 2).mean(0)
        print(f'step {s + 1}: log det {ld.mean():.2f} nats (shuffled beams {shuffled.mean():.2f}), sigma^2(H_eq) {s2.numpy().round(1)}, {time.time() - t0:.0f} s', flush=True)
if a.save:
    pp.eval(), cp.eval()
    with torch.no_grad():
        parts = [beams(H[i:i + 4096]) for i in range(0, min(65536, len(H)), 4096)]
        Fv, Wv = beams(Hv)
    np.savez(a.save, F=torch.cat([p[0] for p in parts]).numpy(), W=torch.cat([p[1] for p in parts]).numpy(), Fv=Fv.numpy(), Wv=Wv.numpy())
