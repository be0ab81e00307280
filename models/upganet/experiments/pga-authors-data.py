"""Conventional PGA of paper 002 (UPGANet) on the authors' released channels and benchmark covariance.

A float64 NumPy re-implementation of our faithful iteration (models/upganet/unfold.ts; the equations as models/upganet/README.md
indexes them): F step (6)/(14) with J inner steps, each rescaled to
||F W||_F^2 = P_BS, unit-modulus projection (7), W step (8) with the authors' simplified grad_W R (column k =
xi Hbar_k w_k / S_k) and eta = 1/N, projection (9); init (17) (N_RF = K: F0 = exp(j angle [h_1 .. h_K]),
W0 = F0^+ X_ZF normalized). Scored as R - omega tau with sigma^2 = 1, P_BS = 10^(SNR/10).

Data (not in this repository): dataset/64TX_4UE_4RF/{test_data_matlab.mat, radar_data.mat} of
github.com/nhanng9115/Joint-Communications-and-Sensing-Hybrid-Beamforming-Design-via-Deep-Unfolding. H_test
[1, 100, K, N] stores row k as h_k^T (the received signal is conj(row) F w), so our H (rows h_k^H) is its
conjugate; radar_data J[:, :, 0, s] is their Psi at SNR index s (0, 2, ..., 12 dB), a [N, 181] the steering
vectors of their beampattern grid.

Usage (numpy + scipy; a few seconds on one core):
    python3 models/upganet/experiments/pga-authors-data.py --data <dir with the two .mat files>
"""

import argparse

import numpy as np
import scipy.io as sio

XI = 1 / np.log(2)


def herm(a):
    return np.conj(np.swapaxes(a, -1, -2))


def rate_tau(H, F, W, Psi):
    X = F @ W
    P = np.abs(H @ X) ** 2
    S = P.sum(-1) + 1.0
    I = S - np.einsum("bkk->bk", P)
    tau = (np.abs(X @ herm(X) - Psi) ** 2).sum((1, 2))
    return np.log2(S / I).sum(-1), tau


def direction_x(H, X, Psi, tau_weight, simplified):
    """dF/dX* of R - tau_weight * tau (R's part exact, or the authors' simplified grad_W R)."""
    G = H @ X
    K = G.shape[-1]
    P = np.abs(G) ** 2
    S = P.sum(-1, keepdims=True) + 1.0
    I = S - np.einsum("bkk->bk", P)[..., None]
    eye = np.eye(K)
    D = G * eye / S if simplified else G * (1 / S - (1 - eye) / I)
    EX = X @ (herm(X) @ X) - Psi @ X
    return XI * herm(H) @ D - 2 * tau_weight * EX


def normalize(F, W, power):
    return W * (np.sqrt(power) / np.linalg.norm(F @ W, axis=(1, 2)))[:, None, None]


def init17(H, power):
    F = np.exp(1j * np.angle(herm(H)))
    W = np.linalg.pinv(F) @ (herm(H) @ np.linalg.inv(H @ herm(H)))
    return F, normalize(F, W, power)


def pga(H, Psi, power, iters, inner=1, mu=0.01, lam=0.01, omega=0.3):
    eta = 1 / H.shape[2]
    F, W = init17(H, power)
    trace = []
    for i in range(iters + 1):
        R, tau = rate_tau(H, F, W, Psi)
        trace.append((np.mean(R - omega * tau), np.mean(R), np.mean(tau)))
        if i == iters:
            break
        for _ in range(inner):
            F = F + mu * direction_x(H, F @ W, Psi, omega, False) @ herm(W)
            F = F * (np.sqrt(power) / np.linalg.norm(F @ W, axis=(1, 2)))[:, None, None]
        F = F / np.abs(F)
        W = normalize(F, W + lam * herm(F) @ direction_x(H, F @ W, Psi, omega * eta, True), power)
    return np.array(trace), F, W


def mse_db(F, W, Psi, a, power):
    X = F @ W
    pat = np.real(np.einsum("nt,bnk,bmk,mt->bt", np.conj(a), X, np.conj(X), a)) / power
    ref = np.real(np.einsum("nt,nm,mt->t", np.conj(a), Psi, a)) / power
    return 10 * np.log10(np.mean((pat.mean(0) - ref) ** 2))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--snr", type=int, default=12)
    args = ap.parse_args()
    H = np.conj(sio.loadmat(f"{args.data}/test_data_matlab.mat")["H_test"][0])
    radar = sio.loadmat(f"{args.data}/radar_data.mat")
    Psi = radar["J"][:, :, 0, [0, 2, 4, 6, 8, 10, 12].index(args.snr)]
    a = radar["a"]
    power = 10 ** (args.snr / 10)
    print(f"authors' test channels {H.shape}, SNR {args.snr} dB, ||Psi||_F^2 = {np.linalg.norm(Psi) ** 2:.2f}")
    print("| channels | J | I | R - omega tau at i = 0, 1, 2, 5, 10, 20 (, I) | end - start | R at end | tau at end | MSE (dB) |")
    print("|---|---|---|---|---|---|---|---|")
    for count in (10, 100):
        for inner in (1, 10, 20):
            for iters in (20, 120):
                tr, F, W = pga(H[:count], Psi[None], power, iters, inner)
                pts = [t for t in (0, 1, 2, 5, 10, 20) if t <= iters] + ([iters] if iters > 20 else [])
                trace = " -> ".join(f"{tr[t, 0]:.2f}" for t in pts)
                print(
                    f"| first {count} | {inner} | {iters} | {trace} | {tr[-1, 0] - tr[0, 0]:+.2f} | {tr[-1, 1]:.2f} "
                    f"| {tr[-1, 2]:.1f} | {mse_db(F, W, Psi, a, power):.2f} |"
                )


if __name__ == "__main__":
    main()
