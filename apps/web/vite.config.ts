import { relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

/** The API server that `pnpm dev` starts beside Vite, on the same `PORT` it listens on. */
const API_TARGET = `http://localhost:${process.env.PORT || 3000}`
const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Writes `dist/.vite/modules.json`: every module in the bundle, relative to the repository.
 * The bundle test reads it to prove that no server code reached the browser. (Hidden files
 * are never served.)
 */
function bundledModules(): Plugin {
  return {
    name: 'inkwell:bundled-modules',
    apply: 'build',
    generateBundle(_options, bundle) {
      const modules = new Set<string>()
      for (const output of Object.values(bundle)) {
        if (output.type !== 'chunk') continue
        for (const id of output.moduleIds) {
          if (!id.startsWith('\0')) modules.add(relative(repoRoot, id).replaceAll('\\', '/'))
        }
      }
      this.emitFile({
        type: 'asset',
        fileName: '.vite/modules.json',
        source: `${JSON.stringify([...modules].sort(), null, 2)}\n`,
      })
    },
  }
}

// In development the browser talks to Vite only (http://localhost:5173), which proxies /trpc
// (and the /avatars images) to the API: same origin for the browser, so the HttpOnly cookie just works. The browser's
// Origin is then Vite's; the server's dev script lists it in APP_ORIGINS for the CSRF rule.
const proxy = { '/trpc': { target: API_TARGET }, '/avatars': { target: API_TARGET } }

export default defineConfig({
  plugins: [react(), bundledModules()],
  server: { port: 5173, strictPort: true, proxy },
  preview: { port: 4173, strictPort: true, proxy },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true },
})
