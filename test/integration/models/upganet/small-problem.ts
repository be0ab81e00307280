/** A small JCAS problem for the UPGANet tests: N = 16 antennas, K = N_RF = 2, a few channels, Ψ₁ solved briefly. */
import { tidy, type Complex } from '../../../../engine/index.js';
import { MultiuserMisoChannel } from '../../../../wireless/channel/multiuser-miso.js';
import type { ChannelBatch } from '../../../../wireless/channel/types.js';
import { solveBenchmarkCovariance } from '../../../../wireless/jcas/benchmark-covariance.js';
import type { CMatrix } from '../../../../wireless/linalg/cmatrix.js';
import { uploadChannels, uploadMatrices } from '../../../../models/upganet/host.js';
import { initialPrecoders, type InitKind } from '../../../../models/upganet/init.js';
import { precoderProblem, type PrecoderProblem } from '../../../../models/upganet/problem.js';

export const SMALL = { N: 16, K: 2, NRF: 2, L: 4 };

let psiCache: CMatrix | undefined;

/** Ψ₁ for N = 16 (a short solve: enough structure for the tests, not the converged optimum). */
export function smallPsi1(): CMatrix {
  psiCache ??= solveBenchmarkCovariance({ N: SMALL.N, iterations: 300 }).Psi1;
  return psiCache;
}

export function smallChannels(count: number, seed = 3): ChannelBatch {
  return new MultiuserMisoChannel({ numAntennas: SMALL.N, numUsers: SMALL.K, numPaths: SMALL.L }).generate(count, seed);
}

/** The problem at `snrDb` and initial precoders of `kind` (tensors in the caller's scope). */
export function smallProblem(H: ChannelBatch, snrDb: number, kind: InitKind = 'zf'): { p: PrecoderProblem; F0: Complex; W0: Complex } {
  return tidy(() => {
    const p = precoderProblem(uploadChannels(H), uploadMatrices([smallPsi1()]), snrDb, 0.3);
    const { F, W } = initialPrecoders(H, SMALL.NRF, p.power, kind, 1);
    return { p, F0: F, W0: W };
  });
}
