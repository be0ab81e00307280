"""How good can channel-independent analog beams be on the fixed-geometry CDL set?

sigma^2(H_eq) and log det(I + P/N_s H_eq H_eq^H) at 10 dB for analog beams from (a) the phases of each channel's own
SVD vectors, (b) the phases of the top eigenvectors of the transmit / receive covariances (one beam set for every
channel), (c) random phases.  Usage: python3 covariance_beams.py TRAIN.pds TEST.pds
"""
import sys

import numpy as np

from pds import load_channels, unit_modulus

Ns, P = 3, 10.0
H = load_channels(sys.argv[1], 16384)
Ht = load_channels(sys.argv[2], 1024)
_, Nr, Nt = H.shape
herm = lambda A: np.conj(np.swapaxes(A, -1, -2))


def stats(W, F, Hs):
    He = herm(W) @ Hs @ F
    s2 = np.linalg.svd(He, compute_uv=False) ** 2
    ld = np.log(np.linalg.det(np.eye(Ns) + P / Ns * He @ herm(He))).real
    return np.round(s2.mean(0), 2), round(float(ld.mean()), 3)


print('sigma^2(H), top 3:', np.round((np.linalg.svd(Ht, compute_uv=False) ** 2).mean(0)[:3], 2))
U, _, Vh = np.linalg.svd(Ht)
print('per-channel SVD phases: sigma^2(H_eq), log det =', stats(unit_modulus(U[:, :, :Ns], Nr), unit_modulus(herm(Vh)[:, :, :Ns], Nt), Ht))
RT = np.mean(herm(H) @ H, 0)
RR = np.mean(H @ herm(H), 0)
vT = np.linalg.eigh(RT)[1][:, ::-1][:, :Ns]
vR = np.linalg.eigh(RR)[1][:, ::-1][:, :Ns]
print('covariance-eigenvector phases (one beam set):', stats(unit_modulus(vR, Nr)[None], unit_modulus(vT, Nt)[None], Ht))
rng = np.random.default_rng(0)
print('random phases:', stats(unit_modulus(np.exp(2j * np.pi * rng.random((1, Nr, Ns))), Nr), unit_modulus(np.exp(2j * np.pi * rng.random((1, Nt, Ns))), Nt), Ht))
