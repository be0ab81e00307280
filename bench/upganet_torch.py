"""UPGANet's unrolled PGA (paper 002, Eqs. (14)-(16); paper-details section 1) in PyTorch on the CPU: the peer of
bench/upganet.ts. Same inputs as ours (read from a float32 file), same algorithm: J inner F steps with the rescale,
unit-modulus projection (7), W step (15) with the simplified rate gradient, projection (9); gradients in the paper's
d/dX* convention written in closed form, the loss (16) differentiated by autograd.

    python3 upganet_torch.py '<json args>' <data file>   ->   one JSON line on stdout
args: {"B", "K", "N", "M", "I", "Js": [..], "power", "noise", "omega", "warmup", "rounds", "trainJ", "trainRounds", "threads"}
(threads: torch.set_num_threads; the caller also sets OMP/OPENBLAS/MKL_NUM_THREADS; default: every CPU)
data: H [B, K, N], Psi [N, N], F0 [B, N, M], W0 [B, M, K], complex64 interleaved.
"""
import json
import math
import os
import sys
import time

import torch

XI = 1 / math.log(2)


def load(a, path):
    raw = torch.frombuffer(bytearray(open(path, 'rb').read()), dtype=torch.float32)
    at = 0

    def take(*shape):
        nonlocal at
        n = 2 * math.prod(shape)
        out = torch.view_as_complex(raw[at:at + n].reshape(*shape, 2).clone())
        at += n
        return out

    B, K, N, M = a['B'], a['K'], a['N'], a['M']
    data = take(B, K, N), take(N, N), take(B, N, M), take(B, M, K)
    assert at == raw.numel()
    return data


def powers(A, noise):
    """S_k = sum_j |A_kj|^2 + s2 and I_k = S_k - |A_kk|^2 for A = H F W [B, K, K]."""
    p = A.abs() ** 2
    S = p.sum(-1) + noise
    return S, S - torch.diagonal(p, dim1=-2, dim2=-1)


def ascent_f(H, Psi, F, W, noise, omega):
    G = H @ F                                   # [B, K, M], row k = h_k^H F
    A = G @ W                                   # A_kj = h_k^H F w_j
    S, I = powers(A, noise)
    eye = torch.eye(A.shape[-1], dtype=A.dtype)
    C = A / S[..., None] - A * (1 - eye) / I[..., None]
    grad_r = XI * H.mH @ C @ W.mH               # Eq. (10)
    X = F @ W
    grad_t = 2 * (X @ (X.mH @ X) - Psi @ X) @ W.mH   # Eq. (12)
    return grad_r - omega * grad_t


def ascent_w(H, Psi, F, W, noise, omega, eta):
    G = H @ F
    A = G @ W
    S, _ = powers(A, noise)
    grad_r = XI * G.mH * (torch.diagonal(A, dim1=-2, dim2=-1) / S)[..., None, :]  # simplified Eq. (11)
    X = F @ W
    grad_t = 2 * F.mH @ (X @ (X.mH @ X) - Psi @ X)                                 # Eq. (13)
    return grad_r - omega * eta * grad_t


def normalize(Xn, F, W, power):
    return Xn * (math.sqrt(power) / torch.linalg.matrix_norm(F @ W)[:, None, None])


def unfold(H, Psi, F, W, mu, lam, a):
    noise, omega, power = a['noise'], a['omega'], a['power']
    eta = 1 / a['N']
    for i in range(mu.shape[0]):
        for j in range(mu.shape[1]):
            F = F + mu[i, j] * ascent_f(H, Psi, F, W, noise, omega)
            F = normalize(F, F, W, power)
        F = F / F.abs()
        W = W + lam[i] * ascent_w(H, Psi, F, W, noise, omega, eta)
        W = normalize(W, F, W, power)
    return F, W


def objective(H, Psi, F, W, a):
    A = H @ F @ W
    S, I = powers(A, a['noise'])
    R = XI * (torch.log(S) - torch.log(I)).sum(-1)
    X = F @ W
    tau = ((X @ X.mH - Psi).abs() ** 2).sum((-2, -1))
    return R - a['omega'] * tau


def main():
    a = json.loads(sys.argv[1])
    torch.set_num_threads(a.get('threads') or os.cpu_count())
    H, Psi1, F0, W0 = load(a, sys.argv[2])
    Psi = a['power'] * Psi1
    out = {'torch': torch.__version__, 'threads': torch.get_num_threads(), 'infer': {}, 'train': None}
    for J in a['Js']:
        mu = torch.full((a['I'], J), 0.01)
        lam = torch.full((a['I'],), 0.01)
        with torch.no_grad():
            for _ in range(a['warmup']):
                unfold(H, Psi, F0, W0, mu, lam, a)
            ms = []
            for _ in range(a['rounds']):
                t0 = time.perf_counter()
                F, W = unfold(H, Psi, F0, W0, mu, lam, a)
                ms.append((time.perf_counter() - t0) * 1000)
            obj = objective(H, Psi, F, W, a).mean().item()
        out['infer'][str(J)] = {'ms': ms, 'objective': obj}
    J = a['trainJ']
    mu = torch.full((a['I'], J), 0.01, requires_grad=True)
    lam = torch.full((a['I'],), 0.01, requires_grad=True)
    opt = torch.optim.Adam([mu, lam], lr=1e-3)

    def step():
        opt.zero_grad(set_to_none=True)
        F, W = unfold(H, Psi, F0, W0, mu, lam, a)
        loss = -objective(H, Psi, F, W, a).mean()   # Eq. (16)
        loss.backward()
        opt.step()
        return loss.item()

    first = step()
    ms = []
    for _ in range(a['trainRounds']):
        t0 = time.perf_counter()
        last = step()
        ms.append((time.perf_counter() - t0) * 1000)
    out['train'] = {'J': J, 'ms': ms, 'firstLoss': first, 'lastLoss': last}
    out['blas'] = sorted({line.split('/')[-1].strip() for line in open('/proc/self/maps') if 'blas' in line.lower()})
    print(json.dumps(out))


main()
