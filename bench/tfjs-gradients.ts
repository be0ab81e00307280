/**
 * Gradient rules for the TF.js peers. tfjs-core's Node bundle registers kernels but leaves out their gradients
 * (they ship with the full @tensorflow/tfjs package), so the peers register these textbook rules once per process:
 * NumPy broadcasting is summed back to each input's shape.
 */
import type * as TF from '@tensorflow/tfjs-core';

type Tf = typeof TF;
type T = TF.Tensor;
type Grads = Record<string, () => T> | (() => T)[];
interface Rule {
  kernelName: string;
  inputsToSave?: string[];
  saveAllInputs?: boolean;
  gradFunc: (dy: T, saved: T[], attrs: Record<string, unknown>) => Grads;
}

export function registerTfGradients(tf: Tf): void {
  const unbroadcast = (dy: T, shape: number[]): T => {
    let r = dy;
    const extra = r.rank - shape.length;
    if (extra > 0) r = tf.sum(r, [...Array(extra).keys()]);
    const axes = shape.flatMap((d, i) => (d === 1 && r.shape[i] !== 1 ? [i] : []));
    if (axes.length) r = tf.sum(r, axes, true);
    return tf.reshape(r, shape);
  };
  const binary = (kernelName: string, f: (dy: T, a: T, b: T) => [T, T]): Rule => ({
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, [a, b]) => {
      const [da, db] = f(dy, a, b);
      return { a: () => unbroadcast(da, a.shape), b: () => unbroadcast(db, b.shape) };
    },
  });
  const unary = (kernelName: string, f: (dy: T, x: T) => T): Rule => ({ kernelName, inputsToSave: ['x'], gradFunc: (dy, [x]) => ({ x: () => f(dy, x) }) });
  const reduceAxes = (x: T, raw: unknown) =>
    raw == null ? [...x.shape.keys()] : (Array.isArray(raw) ? raw : [raw as number]).map((a) => (a < 0 ? a + x.rank : a));
  const spread = (dy: T, x: T, axes: number[]) =>
    tf.mul(
      tf.reshape(
        dy,
        x.shape.map((d, i) => (axes.includes(i) ? 1 : d)),
      ),
      tf.ones(x.shape),
    );
  const rules: Rule[] = [
    binary('Add', (dy) => [dy, dy]),
    binary('Sub', (dy) => [dy, tf.neg(dy)]),
    binary('Multiply', (dy, a, b) => [tf.mul(dy, b), tf.mul(dy, a)]),
    binary('RealDiv', (dy, a, b) => [tf.div(dy, b), tf.neg(tf.div(tf.mul(dy, a), tf.square(b)))]),
    binary('SquaredDifference', (dy, a, b) => {
      const d = tf.mul(tf.mul(dy, 2), tf.sub(a, b));
      return [d, tf.neg(d)];
    }),
    unary('Reciprocal', (dy, x) => tf.neg(tf.div(dy, tf.square(x)))),
    unary('Sqrt', (dy, x) => tf.div(dy, tf.mul(tf.sqrt(x), 2))),
    unary('Square', (dy, x) => tf.mul(dy, tf.mul(x, 2))),
    unary('Log', (dy, x) => tf.div(dy, x)),
    unary('Relu', (dy, x) => tf.mul(dy, tf.step(x))),
    unary('Cos', (dy, x) => tf.neg(tf.mul(dy, tf.sin(x)))),
    unary('Sin', (dy, x) => tf.mul(dy, tf.cos(x))),
    unary('Reshape', (dy, x) => tf.reshape(dy, x.shape)),
    { kernelName: 'Neg', gradFunc: (dy) => ({ x: () => tf.neg(dy) }) },
    { kernelName: 'Cast', gradFunc: (dy) => ({ x: () => tf.clone(dy) }) },
    { kernelName: 'Identity', gradFunc: (dy) => ({ x: () => tf.clone(dy) }) },
    {
      kernelName: 'Transpose',
      gradFunc: (dy, _saved, attrs) => {
        const perm = attrs.perm as number[];
        return {
          x: () =>
            tf.transpose(
              dy,
              perm.map((_, i) => perm.indexOf(i)),
            ),
        };
      },
    },
    { kernelName: 'Sum', inputsToSave: ['x'], gradFunc: (dy, [x], attrs) => ({ x: () => spread(dy, x, reduceAxes(x, attrs.axis)) }) },
    {
      kernelName: 'Mean',
      inputsToSave: ['x'],
      gradFunc: (dy, [x], attrs) => ({
        x: () => {
          const axes = reduceAxes(x, attrs.axis);
          return tf.div(
            spread(dy, x, axes),
            axes.reduce((n, a) => n * x.shape[a], 1),
          );
        },
      }),
    },
    {
      kernelName: 'Concat',
      saveAllInputs: true,
      gradFunc: (dy, saved, attrs) => {
        const axis = reduceAxes(saved[0], attrs.axis)[0];
        return tf
          .split(
            dy,
            saved.map((t) => t.shape[axis]),
            axis,
          )
          .map((t) => () => t);
      },
    },
    {
      kernelName: 'Slice',
      inputsToSave: ['x'],
      gradFunc: (dy, [x], attrs) => {
        const begin = attrs.begin as number[];
        const size = attrs.size as number[];
        return {
          x: () =>
            tf.pad(
              dy,
              x.shape.map((d, i) => [begin[i], d - begin[i] - size[i]] as [number, number]),
            ),
        };
      },
    },
    {
      kernelName: 'BatchMatMul',
      inputsToSave: ['a', 'b'],
      gradFunc: (dy, [a, b], attrs) => {
        const m = (u: T, v: T, tu: boolean, tv: boolean) => tf.matMul(u as TF.Tensor3D, v as TF.Tensor3D, tu, tv);
        const [ta, tb] = [Boolean(attrs.transposeA), Boolean(attrs.transposeB)];
        // C = op(A)·op(B): the four cases of (op(A), op(B)) ∈ {A, Aᵀ} × {B, Bᵀ}
        if (!ta && !tb) return { a: () => m(dy, b, false, true), b: () => m(a, dy, true, false) };
        if (!ta && tb) return { a: () => m(dy, b, false, false), b: () => m(dy, a, true, false) };
        if (ta && !tb) return { a: () => m(b, dy, false, true), b: () => m(a, dy, false, false) };
        return { a: () => m(b, dy, true, true), b: () => m(dy, a, true, true) };
      },
    },
  ];
  for (const r of rules) if (!tf.getGradient(r.kernelName)) tf.registerGradient(r as unknown as TF.GradConfig);
}
