import { defineConfig } from 'tsup'

// One ESM file, `dist/main.js`, with @inkwell/client inlined (it is TypeScript source) and
// its npm dependencies left to node_modules. The shebang in src/main.ts is kept.
export default defineConfig({
  entry: { main: 'src/main.ts' },
  format: 'esm',
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  noExternal: [/^@inkwell\//],
})
