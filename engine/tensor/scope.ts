/**
 * Scoped disposal: every tensor created inside `tidy(fn)` is disposed when fn returns, except the tensors it
 * returns (in an array or object too) and those passed to `keep()`. Scopes nest.
 */
export interface Disposable {
  dispose(): void;
  readonly isDisposed: boolean;
}

const scopes: Array<Set<Disposable>> = [];

/** Called by the tensor constructor. */
export function track(t: Disposable): void {
  scopes[scopes.length - 1]?.add(t);
}

/** Exempts a tensor from the scopes it was created in. */
export function keep<T extends Disposable>(t: T): T {
  for (const s of scopes) s.delete(t);
  return t;
}

export function tidy<T>(fn: () => T): T {
  if ((fn as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] === 'AsyncFunction') {
    throw new TypeError('tidy: fn must be synchronous (a Promise would escape the scope); dispose explicitly around awaits');
  }
  const scope = new Set<Disposable>();
  scopes.push(scope);
  let result: T;
  try {
    result = fn();
  } finally {
    scopes.pop();
  }
  const keepers = new Set<Disposable>();
  collect(result, keepers);
  for (const t of scope) if (!keepers.has(t)) t.dispose();
  // Returned tensors belong to the enclosing scope.
  for (const t of keepers) if (scope.has(t)) track(t);
  return result;
}

function collect(value: unknown, into: Set<Disposable>, depth = 0): void {
  if (!value || typeof value !== 'object' || depth > 4) return;
  if (typeof (value as Disposable).dispose === 'function' && 'isDisposed' in (value as object)) {
    into.add(value as Disposable);
    return;
  }
  if (Array.isArray(value)) for (const v of value) collect(v, into, depth + 1);
  else if (value.constructor === Object) for (const v of Object.values(value)) collect(v, into, depth + 1);
}
