// Starts the real C++ server for the end-to-end tests: a fresh temporary data directory seeded with the demo
// city (`hotline demo --cases 200`), a free port on 127.0.0.1, the console from web/dist. `stop()` kills it and
// removes the data. The binary is $HOTLINE_BIN, else ../build/hotline (relative to web/).
import { spawn, execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
export const HOTLINE_BIN = process.env.HOTLINE_BIN || resolve(here, '../../build/hotline')
export const WEB_DIST = resolve(here, '../dist')
// The demo city's files (data/demo, data/calendar) in the repository.
export const ASSETS = process.env.HOTLINE_ASSETS || resolve(here, '../../data')

// Why the suite cannot run here ('' when it can).
export function missing() {
  if (!existsSync(HOTLINE_BIN)) return `no server binary at ${HOTLINE_BIN} (build it, or set HOTLINE_BIN)`
  if (!existsSync(join(WEB_DIST, 'index.html'))) return `no console build at ${WEB_DIST} (run npm run build)`
  if (!existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) return 'no Chromium at /usr/bin/chromium'
  return ''
}

function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer()
    s.unref()
    s.on('error', fail)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)) })
  })
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export async function startServer({ cases = 200 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-e2e-data-'))
  try {
    execFileSync(HOTLINE_BIN, ['demo', '--data', dir, '--cases', String(cases), '--assets', ASSETS], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 120000 })
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw new Error(`hotline demo failed: ${(e.stderr || '').toString() || e.message}`)
  }
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const proc = spawn(HOTLINE_BIN, ['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, '--web', WEB_DIST], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  let log = ''
  proc.stderr.on('data', (b) => { log = (log + b.toString()).slice(-8000) })
  const exited = new Promise((r) => proc.once('exit', r))
  const killNow = () => { try { proc.kill('SIGKILL') } catch { /* gone */ } }
  process.once('exit', killNow) // never leave a server behind, even when a test run is interrupted
  const stop = async () => {
    if (proc.exitCode == null && proc.signalCode == null) {
      proc.kill('SIGTERM')
      const t = setTimeout(killNow, 5000)
      await exited
      clearTimeout(t)
    }
    process.removeListener('exit', killNow)
    rmSync(dir, { recursive: true, force: true })
  }
  for (let i = 0; ; i++) {
    if (proc.exitCode != null) { await stop(); throw new Error(`hotline serve exited (${proc.exitCode}):\n${log}`) }
    try {
      const r = await fetch(`${url}/healthz`)
      if (r.ok) break
    } catch { /* not up yet */ }
    if (i > 150) { await stop(); throw new Error(`hotline serve did not answer /healthz:\n${log}`) }
    await sleep(100)
  }
  return { url, dir, stop, log: () => log }
}

// A logged-in API client (Bearer token) to prepare data and check results: api.get(path), api.post(path, body).
export async function apiAs(url, username, password = 'demo') {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`)
  const { token, user } = await res.json()
  const call = async (method, path, body, headers = {}) => {
    const r = await fetch(`${url}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, ...(body ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: body ? JSON.stringify(body) : undefined,
    })
    const text = await r.text()
    const data = text ? JSON.parse(text) : null
    if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${text}`)
    return data
  }
  return {
    user,
    get: (p) => call('GET', p),
    post: (p, b, h) => call('POST', p, b || {}, h),
    // One workflow action with the case's current version.
    act: async (id, action, body = {}) => {
      const c = await call('GET', `/cases/${encodeURIComponent(id)}`)
      return call('POST', `/cases/${encodeURIComponent(id)}/actions/${action}`, { version: c.version, ...body })
    },
  }
}
