import { defineConfig } from 'tsup'

// One ESM file with the workspace packages inlined. Native and wasm packages stay external
// (they load files beside themselves) and are dependencies of this package, and so is
// trpc-to-openapi (with its peer zod-openapi): bundled, its CommonJS dependencies (yaml,
// co-body) fail in an ESM bundle ("Dynamic require of process").
export default defineConfig({
  entry: { main: 'src/main.ts', migrate: 'src/migrate.ts' },
  format: 'esm',
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@inkwell\//],
  external: ['pg-native', 'trpc-to-openapi', 'zod-openapi'],
})
