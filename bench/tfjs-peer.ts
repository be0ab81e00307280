/**
 * TensorFlow.js's WebGPU backend as a same-adapter peer for the GEMM benchmark. TF.js gets its own Dawn instance and
 * device (`navigator.gpu`: bench/dawn-peer.ts, the engine's backend/adapter selection from npm `webgpu`); its complex64 tensors cannot go through its WebGPU
 * matMul, so the peer builds complex products from real ones on (re, im) planes, its natural complex layout:
 *
 *   '4m'    Cr = Ar·Br − Ai·Bi, Ci = Ar·Bi + Ai·Br                      4 matMuls + 2 adds
 *   '3m'    T1 = Ar·Br, T2 = Ai·Bi, T3 = (Ar + Ai)·(Br + Bi);
 *           Cr = T1 − T2, Ci = T3 − T1 − T2                               3 matMuls + 5 adds (Gauss)
 *   'block' [Cr; Ci] = [Ar −Ai; Ai Ar] · [Br; Bi]                         1 matMul of twice the size + concats
 *
 * op(A) = Aᴴ uses matMul's transposeA and flips the sign of the Ai terms. Batches are 3-D tensors (tf.matMul batches
 * over the leading dimension). WEBGPU_CPU_FORWARD is turned off so that small ops run on the GPU too.
 */
import { adapterDescription, peerGpu } from './dawn-peer.js';

export type TfComplexVariant = '4m' | '3m' | 'block';
export const TF_VARIANTS: readonly TfComplexVariant[] = ['4m', '3m', 'block'];

export interface TfComplexCase {
  batch: number;
  M: number;
  N: number;
  K: number;
  /** A is stored [K, M] and used conjugate-transposed */
  opA?: 'N' | 'H';
}

/** Host planes of a batched complex product (A stored per opA, B stored [batch, K, N]). */
export interface ComplexPlanes {
  aRe: Float32Array;
  aIm: Float32Array;
  bRe: Float32Array;
  bIm: Float32Array;
}

export interface TfProduct {
  /** enqueue one product (its result is disposed at once; the GPU work stays queued) */
  run(): void;
  /** compute once and read back interleaved (re, im) */
  read(): Promise<Float32Array>;
  dispose(): void;
}

export interface TfPeer {
  version: string;
  adapter: string;
  product(c: TfComplexCase, planes: ComplexPlanes, variant: TfComplexVariant): TfProduct;
  /** a real product [batch, M, K]·[batch, K, N] with one tf.matMul (read() returns the real result) */
  realProduct(c: TfComplexCase, a: Float32Array, b: Float32Array): TfProduct;
  /** a chain of `count` element-wise adds on `n`-element tensors (x ← x + y), for dispatch overhead */
  addChain(n: number, count: number): { run(): void; dispose(): void };
  /** waits until TF.js's queued GPU work has finished */
  sync(): Promise<void>;
  /** disposes everything, destroys TF.js's device and drops its Dawn instance so that Node can exit */
  close(): Promise<void>;
}

let webgpuFactory: Parameters<typeof import('@tensorflow/tfjs-core').registerBackend>[1] | undefined;

export async function createTfPeer(): Promise<TfPeer> {
  const g = globalThis as { navigator?: { gpu?: unknown } };
  const hadNavigator = 'navigator' in globalThis;
  // The backend checks navigator.gpu when it is imported, so set it first.
  const dawn = g.navigator?.gpu ? null : peerGpu();
  if (dawn) Object.defineProperty(globalThis, 'navigator', { value: { gpu: dawn.gpu }, configurable: true, writable: true });
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-backend-webgpu');
  // The backend registers itself on its (cached) first import; close() removes it, so a later peer in the same
  // process (`npm run bench` runs several) registers the saved factory again.
  webgpuFactory ??= tf.findBackendFactory('webgpu') ?? undefined;
  if (!tf.findBackendFactory('webgpu') && webgpuFactory) tf.registerBackend('webgpu', webgpuFactory);
  tf.env().set('WEBGPU_CPU_FORWARD', false);
  if (!(await tf.setBackend('webgpu'))) throw new Error('TF.js: the webgpu backend failed to initialize');
  await tf.ready();
  // Internal but public members of WebGPUBackend: the device, and flushing its deferred command encoder.
  const backend = tf.backend() as unknown as {
    device: GPUDevice;
    /** null when nothing is recorded */
    commandEncoder: GPUCommandEncoder | null;
    adapterInfo?: { vendor?: string; architecture?: string };
    endComputePassEncoder(): void;
    submitQueue(): void;
  };
  const live = new Set<{ dispose(): void }>();
  const track = <T extends { dispose(): void }>(t: T) => (live.add(t), t);

  const product = (c: TfComplexCase, p: ComplexPlanes, variant: TfComplexVariant): TfProduct => {
    const h = c.opA === 'H';
    const aShape = h ? [c.batch, c.K, c.M] : [c.batch, c.M, c.K];
    const bShape = [c.batch, c.K, c.N];
    const ar = track(tf.tensor3d(p.aRe, aShape as [number, number, number]));
    const ai = track(tf.tensor3d(p.aIm, aShape as [number, number, number]));
    const br = track(tf.tensor3d(p.bRe, bShape as [number, number, number]));
    const bi = track(tf.tensor3d(p.bIm, bShape as [number, number, number]));
    // op(A) = Aᴴ: (Ar − jAi)ᵀ — matMul transposes, the sign of Ai flips
    type T = ReturnType<typeof tf.matMul>;
    const mm = (x: T, y: T) => tf.matMul(x, y, h, false);
    const compute = (): [T, T] =>
      tf.tidy(() => {
        const s = h ? -1 : 1;
        if (variant === '4m') {
          const re = s > 0 ? tf.sub(mm(ar, br), mm(ai, bi)) : tf.add(mm(ar, br), mm(ai, bi));
          const im = s > 0 ? tf.add(mm(ar, bi), mm(ai, br)) : tf.sub(mm(ar, bi), mm(ai, br));
          return [re, im];
        }
        if (variant === '3m') {
          // (Ar + sAi)·(Br + Bi) with s = ±1
          const aS = s > 0 ? tf.add(ar, ai) : tf.sub(ar, ai);
          const t1 = mm(ar, br);
          const t2 = mm(ai, bi);
          const t3 = mm(aS, tf.add(br, bi));
          const re = s > 0 ? tf.sub(t1, t2) : tf.add(t1, t2);
          const im = s > 0 ? tf.sub(tf.sub(t3, t1), t2) : tf.add(tf.sub(t3, t1), t2);
          return [re, im];
        }
        // block: op(A) ↦ [Re, −Im; Im, Re] of op(A); for Aᴴ the same pieces are assembled transposed (stored space)
        const aiS = s > 0 ? ai : tf.neg(ai);
        const negAiS = tf.neg(aiS);
        const blk = h
          ? tf.concat([tf.concat([ar, negAiS], 1), tf.concat([aiS, ar], 1)], 2)
          : tf.concat([tf.concat([ar, negAiS], 2), tf.concat([aiS, ar], 2)], 1);
        const out = mm(blk, tf.concat([br, bi], 1));
        const [re, im] = tf.split(out, 2, 1);
        return [re, im];
      });
    return {
      run() {
        for (const t of compute()) t.dispose();
      },
      async read() {
        const [re, im] = compute();
        const [r, i] = await Promise.all([re.data(), im.data()]);
        re.dispose();
        im.dispose();
        const out = new Float32Array(2 * r.length);
        for (let k = 0; k < r.length; k++) {
          out[2 * k] = r[k];
          out[2 * k + 1] = i[k];
        }
        return out;
      },
      dispose() {
        for (const t of [ar, ai, br, bi]) {
          t.dispose();
          live.delete(t);
        }
      },
    };
  };

  const realProduct = (c: TfComplexCase, a: Float32Array, b: Float32Array): TfProduct => {
    const x = track(tf.tensor3d(a, [c.batch, c.M, c.K]));
    const y = track(tf.tensor3d(b, [c.batch, c.K, c.N]));
    return {
      run() {
        tf.matMul(x, y).dispose();
      },
      async read() {
        const out = tf.matMul(x, y);
        const data = (await out.data()) as Float32Array;
        out.dispose();
        return data;
      },
      dispose() {
        for (const t of [x, y]) {
          t.dispose();
          live.delete(t);
        }
      },
    };
  };

  const addChain = (n: number, count: number) => {
    const y = track(tf.ones([n]));
    const x0 = track(tf.zeros([n]));
    return {
      run() {
        let x = x0;
        for (let i = 0; i < count; i++) {
          const next = tf.add(x, y);
          if (x !== x0) x.dispose();
          x = next;
        }
        if (x !== x0) x.dispose();
      },
      dispose() {
        for (const t of [x0, y]) {
          t.dispose();
          live.delete(t);
        }
      },
    };
  };

  const sync = async () => {
    if (backend.commandEncoder) {
      backend.endComputePassEncoder();
      backend.submitQueue();
    }
    await backend.device.queue.onSubmittedWorkDone();
  };

  return {
    version: tf.version_core,
    adapter: dawn?.seen()
      ? adapterDescription(dawn.seen())
      : [backend.adapterInfo?.vendor, backend.adapterInfo?.architecture].filter(Boolean).join(' ') || 'unknown',
    product,
    realProduct,
    addChain,
    sync,
    async close() {
      await sync();
      for (const t of live) t.dispose();
      live.clear();
      const device = backend.device;
      tf.removeBackend('webgpu');
      device.destroy();
      // A live Dawn instance keeps Node from exiting.
      if (hadNavigator) (g.navigator as { gpu?: unknown }).gpu = undefined;
      else delete g.navigator;
    },
  };
}
