"""The DL-JHPF digital stage alone: DP-NNs, DC-NNs and the NN demodulator (Table I) trained on the BCE (18) over a
*fixed* analog stage, to tell an analog bottleneck from a digital one.

--analog covariance  phases of the transmit/receive covariance eigenvectors (one beam set for all channels)
--analog svd         phases of each channel's own SVD vectors (an ideal, channel-dependent analog stage)
--analog beams.npz   the beams analog_stage.py learned on log det
--norm eq17 | per-stream   F_BB normalization: eq. (17) or each column of F_RF F_BB at power 1
--barrier w          add w * (-sum_s ln(SINR_s + 0.01)) of W_BB^H H_eq F_BB with single-tap detection
--decay 4000:1e-3,6000:3e-4   learning-rate steps
Signal flow (5): r = W_BB^H W_RF^H (sqrt(P) H F_RF F_BB x + n), QPSK x with E[x x^H] = I/N_s, training SNR uniform in
[5, 15] dB per sample, Adam, batch 256. Prints the per-stream BER at 10 dB on the test channels (20 480 bits per
stream) and the effective rank sum_i sigma_i^2 / sigma_1^2 of W_BB^H H_eq F_BB.
Usage: python3 digital_stage.py TRAIN.pds TEST.pds [--analog beams.npz] [--steps 8000]
"""
import argparse
import time

import numpy as np
import torch

from pds import load_channels, unit_modulus

ap = argparse.ArgumentParser()
ap.add_argument('train'), ap.add_argument('test')
ap.add_argument('--analog', default='covariance')
ap.add_argument('--norm', default='eq17')
ap.add_argument('--steps', type=int, default=4000)
ap.add_argument('--n', type=int, default=65536)
ap.add_argument('--lr', type=float, default=3e-3)
ap.add_argument('--barrier', type=float, default=0.0)
ap.add_argument('--decay', default='')
ap.add_argument('--seed', type=int, default=1)
a = ap.parse_args()
torch.set_num_threads(1)
torch.manual_seed(a.seed)
Ns, Nr, Nt = 3, 16, 32
herm = lambda A: np.conj(np.swapaxes(A, -1, -2))
H = load_channels(a.train, a.n)
Ht = load_channels(a.test, 256)


def analog(Hs, test):
    """F_RF [n, N_t, N_s], W_RF [n, N_r, N_s] for the chosen analog stage."""
    if a.analog == 'covariance':
        vT = np.linalg.eigh(np.mean(herm(H[:16384]) @ H[:16384], 0))[1][:, ::-1][:, :Ns]
        vR = np.linalg.eigh(np.mean(H[:16384] @ herm(H[:16384]), 0))[1][:, ::-1][:, :Ns]
        return np.broadcast_to(unit_modulus(vT, Nt), (len(Hs), Nt, Ns)), np.broadcast_to(unit_modulus(vR, Nr), (len(Hs), Nr, Ns))
    if a.analog == 'svd':
        U, _, Vh = np.linalg.svd(Hs)
        return unit_modulus(herm(Vh)[:, :, :Ns], Nt), unit_modulus(U[:, :, :Ns], Nr)
    z = np.load(a.analog)
    return (z['Fv'], z['Wv']) if test else (z['F'][: len(Hs)], z['W'][: len(Hs)])


def prepare(Hs, test):
    F, W = analog(Hs, test)
    Hs = Hs[: len(F)]
    T = lambda x: torch.tensor(np.ascontiguousarray(x), dtype=torch.complex64)
    return T(herm(W) @ Hs @ F), T(herm(W)), T(F)


train, test = prepare(H, False), prepare(Ht, True)


def mlp(inputs, hidden, outputs):
    layers, w = [], inputs
    for h in hidden:
        layers += [torch.nn.Linear(w, h), torch.nn.ReLU(), torch.nn.BatchNorm1d(h)]
        w = h
    return torch.nn.Sequential(*layers, torch.nn.Linear(w, outputs))


dp_re, dp_im, dc_re, dc_im = [mlp(18, [20, 40, 20], 9) for _ in range(4)]
demod = mlp(2 * Ns, [20, 50, 20], 2 * Ns)
nets = [dp_re, dp_im, dc_re, dc_im, demod]
opt = torch.optim.Adam([p for n in nets for p in n.parameters()], lr=a.lr)


def forward(Heq, WRh, F_RF, snr_db):
    B = Heq.shape[0]
    v = torch.cat([Heq.real.reshape(B, 9), Heq.imag.reshape(B, 9)], 1)
    Fbar = torch.complex(dp_re(v), dp_im(v)).reshape(B, 3, 3)
    W_BB = torch.complex(dc_re(v), dc_im(v)).reshape(B, 3, 3)
    if a.norm == 'eq17':
        F_BB = Fbar * np.sqrt(Ns) / torch.linalg.norm((F_RF @ Fbar).reshape(B, -1), dim=1).reshape(B, 1, 1)
    else:
        F_BB = Fbar / torch.linalg.norm(F_RF @ Fbar, dim=1, keepdim=True)
    bits = torch.randint(0, 2, (B, 2 * Ns)).float()
    x = torch.complex(1 - 2 * bits[:, 0::2], 1 - 2 * bits[:, 1::2]) / np.sqrt(2 * Ns)
    n = torch.complex(torch.randn(B, Nr), torch.randn(B, Nr)) / np.sqrt(2)
    y = (10 ** (snr_db / 20)).reshape(B, 1) * (Heq @ (F_BB @ x.unsqueeze(-1))).squeeze(-1) + (WRh @ n.unsqueeze(-1)).squeeze(-1)
    r = (W_BB.conj().transpose(1, 2) @ y.unsqueeze(-1)).squeeze(-1)
    E = W_BB.conj().transpose(1, 2) @ Heq @ F_BB
    return demod(torch.cat([r.real, r.imag], 1)), bits, E, W_BB


def barrier(E, W_BB, WRh, snr_db):
    P = (10 ** (snr_db / 10)).reshape(-1, 1) / Ns
    d = E.diagonal(dim1=1, dim2=2).abs() ** 2
    noise = ((WRh.conj().transpose(1, 2) @ W_BB).abs() ** 2).sum(1)
    return -torch.log(P * d / (P * ((E.abs() ** 2).sum(2) - d) + noise) + 0.01).mean()


schedule = dict((int(k), float(v)) for k, v in (x.split(':') for x in a.decay.split(',') if x))
t0 = time.time()
for step in range(a.steps):
    if step in schedule:
        for g in opt.param_groups:
            g['lr'] = schedule[step]
    for n in nets:
        n.train()
    idx = torch.randint(0, len(train[0]), (256,))
    snr = torch.rand(256) * 10 + 5
    logits, bits, E, W_BB = forward(train[0][idx], train[1][idx], train[2][idx], snr)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, bits)
    if a.barrier > 0:
        loss = loss + a.barrier * barrier(E, W_BB, train[1][idx], snr)
    opt.zero_grad(), loss.backward(), opt.step()
    if step % 500 == 499 or step == a.steps - 1:
        for n in nets:
            n.eval()
        with torch.no_grad():
            errors, bits_per_stream = torch.zeros(Ns), 0
            for _ in range(40):
                logits, bits, E, _ = forward(*test, torch.full((len(test[0]),), 10.0))
                errors += ((logits > 0).float() != bits).float().reshape(-1, Ns, 2).sum((0, 2))
                bits_per_stream += 2 * len(test[0])
            sv = torch.linalg.svdvals(E) ** 2
            rank = (sv / sv.max(1, keepdim=True).values).sum(1).mean()
        ber = errors / bits_per_stream
        print(f'step {step + 1}: BER at 10 dB per stream {[f"{b:.2e}" for b in ber.tolist()]}, mean {ber.mean():.2e}, rank of E {rank:.2f}, {time.time() - t0:.0f} s', flush=True)
