"""Reads a Phasor dataset file (.pds: 'PHASORDS', a JSON header, then the c64 payload) as a numpy complex128 array."""
import json
import os
import re

import numpy as np


def load_channels(path, count=None):
    """H [n, N_r, N_t] complex128: the first `count` channels (all when None) of the file's tensor 'H'."""
    with open(path, 'rb') as f:
        head = f.read(4096)
    payload = int(re.search(rb'"payloadBytes":(\d+)', head).group(1))
    shape = tuple(int(x) for x in re.search(rb'"shape":\[(\d+),(\d+),(\d+)\]', head).groups())
    n = shape[0] if count is None else min(count, shape[0])
    per = shape[1] * shape[2] * 8
    with open(path, 'rb') as f:
        f.seek(os.path.getsize(path) - payload)
        data = np.frombuffer(f.read(n * per), dtype=np.complex64)
    return data.reshape((n,) + shape[1:]).astype(np.complex128)


def unit_modulus(v, n):
    """Phases of v as a unit-modulus vector scaled by 1/sqrt(n) (constraints (7)-(8) of the DL-JHPF paper)."""
    return np.exp(1j * np.angle(v)) / np.sqrt(n)
