import { defineConfig } from 'tsup'

// One ESM file with the workspace packages inlined. Native and wasm packages stay external
// (they load files beside themselves) and are dependencies of this package.
export default defineConfig({
  entry: { main: 'src/main.ts', migrate: 'src/migrate.ts' },
  format: 'esm',
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@inkwell\//],
  external: ['pg-native'],
})
