/**
 * A compute kernel: one WGSL file, reflected with wgsl_reflect so that binding indices, bind-group layouts and
 * uniform offsets come from the shader alone. Pipelines are cached per set of `override` values, bind groups per
 * set of bound buffers; uniform parameters go into the recorder's ring buffer (dynamic offset), not a new buffer.
 *
 *   rt.kernel('elementwise/binary').dispatch({ a, b, out }, { params: { n }, overrides: { OP: 2 }, workgroups })
 */
import { WgslReflect } from 'wgsl_reflect/wgsl_reflect.module.js';
import { KernelError } from '../errors.js';
import { loadShaderSource } from './shader-source.js';
import type { PooledBuffer } from './pool.js';
import type { BindingInfo, DynamicParams, Recorder, UniformWords } from './recorder.js';

export type Overrides = Record<string, number>;
export type ParamValue = number | boolean | ArrayLike<number>;

interface UniformMember {
  name: string;
  offset: number;
  /** scalar kind of each component */
  scalar: 'f32' | 'u32' | 'i32';
  /** number of 4-byte components, and their stride (arrays of vec4 have 16-byte elements) */
  count: number;
  stride: number;
}

interface EntryInfo {
  name: string;
  bindings: BindingInfo[];
  /** workgroup_size attribute arguments: numbers or override names */
  workgroupSize: Array<number | string>;
  resolvedDefault: [number, number, number];
  layout: GPUBindGroupLayout;
  pipelineLayout: GPUPipelineLayout;
  pipelines: Map<string, GPUComputePipeline>;
}

export interface DispatchOptions {
  /** values for the members of the shader's uniform `params` struct */
  params?: Record<string, ParamValue>;
  /** values for the shader's `override` constants (each distinct set compiles one pipeline) */
  overrides?: Overrides;
  /** workgroup counts; use `grid1d` for element-wise launches */
  workgroups: [number, number?, number?];
  /** entry point, when the shader has several */
  entry?: string;
  /**
   * Members that change from one call of a captured step to the next (a step counter, a random stream's offset):
   * called now, and again on every replay of a captured step, in recorded order (engine/capture/). Its values
   * override `params`.
   */
  dynamic?: () => Record<string, ParamValue>;
}

export class Kernel {
  private readonly module: GPUShaderModule;
  private readonly entries = new Map<string, EntryInfo>();
  private readonly uniform?: { name: string; size: number; members: Map<string, UniformMember> };
  readonly overrideNames: ReadonlySet<string>;
  private readonly overrideDefaults = new Map<string, number>();

  constructor(
    private readonly device: GPUDevice,
    private readonly recorder: Recorder,
    readonly name: string,
  ) {
    const code = loadShaderSource(name);
    const reflect = new WgslReflect(code);
    this.module = device.createShaderModule({ code, label: name });
    this.overrideNames = new Set(reflect.overrides.map((o) => o.name));
    for (const m of code.matchAll(/override\s+(\w+)\s*:\s*\w+\s*=\s*([-\d.eE+]+)/g)) {
      this.overrideDefaults.set(m[1], Number(m[2]));
    }
    if (reflect.uniforms.length > 1) {
      throw new KernelError(`kernel ${name}: at most one uniform struct is supported; found ${reflect.uniforms.length}`);
    }
    const u = reflect.uniforms[0];
    if (u) {
      const members = new Map<string, UniformMember>();
      for (const m of u.members ?? []) members.set(m.name, describeMember(name, m));
      this.uniform = { name: u.type.name, size: u.size, members };
    }
    if (reflect.entry.compute.length === 0) throw new KernelError(`kernel ${name}: no @compute entry point`);
    for (const fn of reflect.entry.compute) {
      const bindings: BindingInfo[] = fn.resources.map((r) => {
        if (r.group !== 0) throw new KernelError(`kernel ${name}: only @group(0) is supported (${r.name})`);
        const kind = r.resourceType === 0 ? 'uniform' : r.access === 'read' ? 'storage-read' : 'storage';
        return { name: r.name, binding: r.binding, kind } as BindingInfo;
      });
      bindings.sort((a, b) => a.binding - b.binding);
      const layout = device.createBindGroupLayout({
        label: `${name}:${fn.name}`,
        entries: bindings.map((b) => ({
          binding: b.binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer:
            b.kind === 'uniform'
              ? { type: 'uniform', hasDynamicOffset: true, minBindingSize: this.uniform!.size }
              : { type: b.kind === 'storage-read' ? 'read-only-storage' : 'storage' },
        })),
      });
      const wgAttr = fn.attributes?.find((a) => a.name === 'workgroup_size')?.value;
      const wgArgs = (Array.isArray(wgAttr) ? wgAttr : [wgAttr ?? '1']).map((v) => (/^\d+$/.test(String(v).trim()) ? Number(v) : String(v).trim()));
      const resolved = (fn.workgroupSize ?? [1, 1, 1]) as [number, number, number];
      this.entries.set(fn.name, {
        name: fn.name,
        bindings,
        workgroupSize: wgArgs,
        resolvedDefault: resolved,
        layout,
        pipelineLayout: device.createPipelineLayout({ label: `${name}:${fn.name}`, bindGroupLayouts: [layout] }),
        pipelines: new Map(),
      });
    }
  }

  /** Names of the storage bindings of an entry point (for errors and tests). */
  bindingNames(entry?: string): string[] {
    return this.entry(entry)
      .bindings.filter((b) => b.kind !== 'uniform')
      .map((b) => b.name);
  }

  /** Uniform members (name → byte offset), as derived from the WGSL. */
  uniformLayout(): Record<string, number> {
    return Object.fromEntries([...(this.uniform?.members.values() ?? [])].map((m) => [m.name, m.offset]));
  }

  /** Workgroup size for a set of overrides (override-valued dimensions resolved). */
  workgroupSize(overrides: Overrides = {}, entry?: string): [number, number, number] {
    const e = this.entry(entry);
    const size = [1, 1, 1] as [number, number, number];
    e.workgroupSize.forEach((v, i) => {
      size[i] = typeof v === 'number' ? v : (overrides[v] ?? this.overrideDefaults.get(v) ?? e.resolvedDefault[i]);
    });
    return size;
  }

  dispatch(buffers: Record<string, PooledBuffer>, options: DispatchOptions): void {
    const e = this.entry(options.entry);
    const pipeline = this.pipeline(e, options.overrides ?? {});
    for (const b of e.bindings) if (b.kind !== 'uniform' && !buffers[b.name]) this.missingBinding(e, b.name, buffers);
    let uniformOffset: number | undefined;
    let dynamic: DynamicParams | undefined;
    if (e.bindings.some((b) => b.kind === 'uniform')) {
      const words = this.recorder.uniformWords;
      uniformOffset = this.recorder.reserveUniform(this.uniform!.size);
      const now = options.dynamic?.();
      this.packParams(words, now ? { ...options.params, ...now } : (options.params ?? {}), uniformOffset, false);
      if (now) dynamic = this.dynamicParams(options.dynamic!, Object.keys(now));
    } else if ((options.params && Object.keys(options.params).length) || options.dynamic) {
      throw new KernelError(`kernel ${this.name}: params given but the shader declares no uniform struct`);
    }
    const [x, y = 1, z = 1] = options.workgroups;
    this.recorder.dispatch({
      kernel: `${this.name}:${e.name}`,
      pipeline,
      layout: e.layout,
      bindings: e.bindings,
      buffers,
      uniformSize: this.uniform?.size ?? 0,
      uniformOffset,
      workgroups: [x, y, z],
      dynamic,
    });
  }

  /** The replayable part of a dispatch's params: re-evaluates `fn` and packs only its members. */
  private dynamicParams(fn: () => Record<string, ParamValue>, names: string[]): DynamicParams {
    const u = this.uniform!;
    const words: number[] = [];
    for (const name of names) {
      const m = u.members.get(name);
      if (!m) throw new KernelError(`kernel ${this.name}: unknown dynamic param '${name}'; ${u.name} has: ${[...u.members.keys()].join(', ')}`);
      for (let i = 0; i < m.count; i++) words.push((m.offset + i * m.stride) / 4);
    }
    return { words, pack: (w, offset) => this.packParams(w, fn(), offset, true) };
  }
  private entry(name?: string): EntryInfo {
    if (name === undefined) {
      if (this.entries.size === 1) return this.entries.values().next().value!;
      name = 'main';
    }
    const e = this.entries.get(name);
    if (!e) throw new KernelError(`kernel ${this.name}: no entry point '${name}'; entry points: ${[...this.entries.keys()].join(', ')}`);
    return e;
  }

  private pipeline(e: EntryInfo, overrides: Overrides): GPUComputePipeline {
    const keys = Object.keys(overrides).sort();
    const key = keys.map((k) => `${k}=${overrides[k]}`).join(',');
    let p = e.pipelines.get(key);
    if (!p) {
      for (const k of keys) {
        if (!this.overrideNames.has(k)) {
          throw new KernelError(`kernel ${this.name}: unknown override '${k}'; overrides: ${[...this.overrideNames].join(', ') || 'none'}`);
        }
      }
      p = this.device.createComputePipeline({
        label: `${this.name}:${e.name}${key ? `[${key}]` : ''}`,
        layout: e.pipelineLayout,
        compute: { module: this.module, entryPoint: e.name, constants: overrides },
      });
      e.pipelines.set(key, p);
    }
    return p;
  }

  /** Writes the params into the recorder's uniform ring at byte `offset`, by the member offsets reflected from WGSL. */
  private packParams(words: UniformWords, params: Record<string, ParamValue>, offset: number, partial: boolean): void {
    const u = this.uniform!;
    const { f32, u32, i32 } = words;
    const base = offset / 4;
    for (const key in params) {
      const value = params[key];
      const m = u.members.get(key);
      if (!m) {
        throw new KernelError(`kernel ${this.name}: unknown param '${key}'; ${u.name} has: ${[...u.members.keys()].join(', ')}`);
      }
      const values: ArrayLike<number> = typeof value === 'number' || typeof value === 'boolean' ? [Number(value)] : value;
      if (values.length > m.count) {
        throw new KernelError(`kernel ${this.name}: param '${key}' takes at most ${m.count} values; got ${values.length}`);
      }
      for (let i = 0; i < values.length; i++) {
        const word = base + (m.offset + i * m.stride) / 4;
        if (m.scalar === 'f32') f32[word] = values[i];
        else if (m.scalar === 'u32') u32[word] = values[i] >>> 0;
        else i32[word] = values[i] | 0;
      }
    }
    if (partial) return;
    for (const name of u.members.keys()) {
      if (!(name in params) && !name.startsWith('_')) {
        throw new KernelError(`kernel ${this.name}: missing param '${name}'; given: ${Object.keys(params).join(', ') || 'none'}`);
      }
    }
  }

  private missingBinding(e: EntryInfo, name: string, given: Record<string, PooledBuffer>): never {
    throw new KernelError(
      `kernel ${this.name}: missing buffer for binding '${name}'; bindings: ${e.bindings
        .filter((b) => b.kind !== 'uniform')
        .map((b) => b.name)
        .join(', ')}; given: ${Object.keys(given).join(', ')}`,
    );
  }
}

/** What describeMember reads of a wgsl_reflect type: vecN and array types name their element type in `format`. */
interface ReflectedType {
  name: string;
  format?: ReflectedType | null;
}

/** Describes a uniform member (wgsl_reflect's MemberInfo) as flat 4-byte components (vecN, array<scalar|vec4, N>). */
function describeMember(kernel: string, m: { name: string; offset: number; count: number; type: ReflectedType }): UniformMember {
  const typeName: string = m.type.name;
  const scalarOf = (t: string | undefined): 'f32' | 'u32' | 'i32' => {
    if (t === 'f32' || t === 'u32' || t === 'i32') return t;
    throw new KernelError(`kernel ${kernel}: uniform member '${m.name}' has unsupported type ${t}`);
  };
  if (typeName === 'f32' || typeName === 'u32' || typeName === 'i32') {
    return { name: m.name, offset: m.offset, scalar: typeName, count: 1, stride: 4 };
  }
  const vec = /^vec([234])/.exec(typeName);
  if (vec) return { name: m.name, offset: m.offset, scalar: scalarOf(m.type.format?.name), count: Number(vec[1]), stride: 4 };
  if (typeName === 'array') {
    const el = m.type.format;
    const elVec = /^vec([234])/.exec(el?.name ?? '');
    if (elVec) {
      // array<vec4<u32>, N>: a flat list of N·4 components, contiguous because vec4 stride is 16 bytes.
      if (elVec[1] !== '4') throw new KernelError(`kernel ${kernel}: uniform arrays must hold vec4 ('${m.name}')`);
      return { name: m.name, offset: m.offset, scalar: scalarOf(el!.format?.name), count: m.count * 4, stride: 4 };
    }
    throw new KernelError(`kernel ${kernel}: uniform array '${m.name}' must be array<vec4<T>, N> (16-byte elements)`);
  }
  throw new KernelError(`kernel ${kernel}: uniform member '${m.name}' has unsupported type ${typeName}`);
}
