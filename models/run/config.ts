/**
 * Configs are plain JSON objects. A user's config file overrides a preset key by key; every key must already exist
 * in the preset and keep its type, so a typo or a wrong type is refused with the key's path instead of ignored.
 */
import { PhasorError } from '../../engine/index.js';

export class ConfigError extends PhasorError {}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * `template` merged with `overrides`; throws ConfigError naming the key path of an unknown key or a type mismatch.
 * `where` prefixes the paths (`jhpf` → `jhpf.dims.Nt`); '' gives bare paths (`dims.Nt`).
 */
export function mergeConfig<C extends object>(template: C, overrides: unknown, where = 'config'): C {
  return merge(template as unknown as Json, overrides, where) as unknown as C;
}

function merge(template: Json, value: unknown, path: string): Json {
  if (value === undefined) return template;
  const kind = kindOf(template);
  if (kind !== kindOf(value)) {
    throw new ConfigError(`${path || 'the config'}: expected ${kind} (like ${JSON.stringify(template)}); got ${JSON.stringify(value)}`);
  }
  if (kind === 'number' && !Number.isFinite(value)) throw new ConfigError(`${path}: expected a finite number; got ${String(value)}`);
  if (kind === 'array') {
    const items = value as unknown[];
    const first = (template as Json[])[0];
    // an empty template array accepts any JSON items; otherwise each item must look like the template's first
    return items.map((item, i) => (first === undefined ? (item as Json) : merge(first, item, `${path}[${i}]`)));
  }
  if (kind === 'object') {
    const t = template as { [key: string]: Json };
    const v = value as Record<string, unknown>;
    const at = (key: string) => (path ? `${path}.${key}` : key);
    for (const key of Object.keys(v)) {
      if (!Object.prototype.hasOwnProperty.call(t, key)) throw new ConfigError(`${at(key)}: unknown key; known keys are ${Object.keys(t).join(', ')}`);
    }
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(t)) out[key] = merge(t[key], v[key], at(key));
    return out;
  }
  return value as Json;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v === 'object' ? 'object' : typeof v;
}

/** Throws ConfigError unless `ok`; for the cross-field rules in a model's parseConfig. */
export function requireConfig(ok: boolean, message: string): void {
  if (!ok) throw new ConfigError(message);
}

/** Positive integer check with the key in the message. */
export function positiveInteger(value: number, key: string): number {
  requireConfig(Number.isSafeInteger(value) && value > 0, `${key}: expected a positive integer; got ${value}`);
  return value;
}
