// The package's "main" is a CommonJS build under "type": "module", so Node needs the ES module file by path;
// its types are the package's own.
declare module 'wgsl_reflect/wgsl_reflect.module.js' {
  export * from 'wgsl_reflect';
}
