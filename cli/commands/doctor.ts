/**
 * `phasor doctor`: prints the adapter, backend, features and limits, then runs a one-second complex-GEMM smoke
 * check against a float64 CPU result.
 */
import type { Command } from 'commander';
import { init, matmul, shutdown, tensor, type Runtime } from '../../engine/index.js';

const SHOWN_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxStorageBuffersPerShaderStage',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxComputeWorkgroupsPerDimension',
];

export function register(program: Command): void {
  program
    .command('doctor')
    .description('show the WebGPU adapter, its features and limits, and check a complex GEMM against the CPU')
    .option('--all-limits', 'print every device limit')
    .action(async (opts: { allLimits?: boolean }) => {
      const rt = await init();
      try {
        printAdapter(rt, Boolean(opts.allLimits));
        const ok = await smokeCheck(rt);
        if (!ok) process.exitCode = 1;
      } finally {
        await shutdown();
      }
    });
}

function printAdapter(rt: Runtime, allLimits: boolean): void {
  const { info } = rt;
  console.log(`adapter       ${info.description}`);
  console.log(`vendor        ${info.vendor || '-'} (${info.architecture || '-'})${info.software ? ', software rasterizer (CPU)' : ''}`);
  console.log(`backend       ${info.backend}`);
  console.log(`features      ${info.features.join(', ') || '-'}`);
  for (const key of allLimits ? Object.keys(info.limits) : SHOWN_LIMITS) {
    console.log(`  ${key.padEnd(36)} ${info.limits[key]}`);
  }
}

/** Complex GEMM on the GPU vs float64 on the CPU, repeated for about a second. */
async function smokeCheck(rt: Runtime): Promise<boolean> {
  const [M, K, N] = [64, 48, 40];
  const a = seeded(2 * M * K, 1);
  const b = seeded(2 * K * N, 2);
  const ref = new Float64Array(2 * M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < K; k++) {
        const [ar, ai] = [a[2 * (i * K + k)], a[2 * (i * K + k) + 1]];
        const [br, bi] = [b[2 * (k * N + j)], b[2 * (k * N + j) + 1]];
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      ref[2 * (i * N + j)] = re;
      ref[2 * (i * N + j) + 1] = im;
    }
  }
  const A = tensor(a, [M, K], 'c64');
  const B = tensor(b, [K, N], 'c64');
  const start = performance.now();
  let runs = 0;
  let worst = 0;
  while (performance.now() - start < 1000) {
    const C = matmul(A, B);
    const got = await C.read();
    C.dispose();
    for (let i = 0; i < got.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / (1 + Math.abs(ref[i])));
    runs++;
  }
  const seconds = (performance.now() - start) / 1000;
  const ok = worst < 1e-4;
  console.log(
    `complex GEMM  ${M}×${K} · ${K}×${N}: ${runs} runs in ${seconds.toFixed(2)} s, max rel. error vs float64 ${worst.toExponential(2)} ` +
      (ok ? 'OK' : 'FAILED'),
  );
  A.dispose();
  B.dispose();
  void rt;
  return ok;
}

function seeded(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    out[i] = (s / 2 ** 32) * 2 - 1;
  }
  return out;
}
