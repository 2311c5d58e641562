import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest'
import { ApiError, buildQuery, codeForStatus, describeError, errorText, readCookie, request, setUnauthenticatedHandler } from '../src/api/client.js'
import { cases, auth } from '../src/api/index.js'
import { makeI18n } from '../src/i18n/index.js'
import { jsonResponse } from './helpers.js'

let fetchMock
beforeEach(() => {
  fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }))
  vi.stubGlobal('fetch', fetchMock)
  document.cookie = 'hotline_csrf=csrf-abc%3D%3D; path=/'
  document.cookie = 'other=1; path=/'
})
afterEach(() => {
  vi.unstubAllGlobals()
  setUnauthenticatedHandler(null)
  document.cookie = 'hotline_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/'
})
const lastHeaders = () => fetchMock.mock.calls.at(-1)[1].headers

describe('CSRF header', () => {
  it('is sent on every POST, PUT, PATCH and DELETE, with the cookie value', async () => {
    for (const m of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      await request(m, '/x', { body: {} })
      expect(lastHeaders()['X-CSRF-Token'], m).toBe('csrf-abc==')
    }
  })
  it('is not sent on GET', async () => {
    await request('GET', '/cases')
    expect(lastHeaders()['X-CSRF-Token']).toBeUndefined()
  })
  it('uses the same-origin cookie session and never a bearer token', async () => {
    await request('POST', '/cases', { body: { a: 1 } })
    const [url, init] = fetchMock.mock.calls.at(-1)
    expect(url).toBe('/api/v1/cases')
    expect(init.credentials).toBe('same-origin')
    expect(init.headers.Authorization).toBeUndefined()
    expect(init.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(init.body)).toEqual({ a: 1 })
  })
  it('reads cookies by exact name', () => {
    expect(readCookie('hotline_csrf', 'xhotline_csrf=no; hotline_csrf=yes')).toBe('yes')
    expect(readCookie('missing', 'a=b')).toBe('')
  })
})

describe('errors', () => {
  it('maps the server error body to an ApiError with code, message and field', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(400, { error: { code: 'invalid_argument', message: 'content is required', details: { field: 'content' } } }))
    const err = await request('POST', '/cases', { body: {} }).catch((e) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(400)
    expect(err.code).toBe('invalid_argument')
    expect(err.message).toBe('content is required')
    expect(err.field).toBe('content')
  })
  it('derives the code from the status when the body is not JSON', async () => {
    fetchMock.mockResolvedValueOnce(new Response('<html>Bad Gateway</html>', { status: 502 }))
    const err = await request('GET', '/cases').catch((e) => e)
    expect(err.code).toBe('server')
    expect(codeForStatus(409)).toBe('invalid_transition')
    expect(codeForStatus(413)).toBe('payload_too_large')
    expect(codeForStatus(429)).toBe('rate_limited')
  })
  it('keeps stale_version apart from invalid_transition (both 409)', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(409, { error: { code: 'stale_version', message: 'version 3 is stale' } }))
    const err = await request('POST', '/cases/1/actions/sign', { body: { version: 3 } }).catch((e) => e)
    expect(err.code).toBe('stale_version')
  })
  it('turns a failed connection into a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const err = await request('GET', '/me').catch((e) => e)
    expect(err.code).toBe('network')
    expect(err.status).toBe(0)
  })
  it('calls the 401 handler, except for the login and /me probes', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    fetchMock.mockResolvedValue(jsonResponse(401, { error: { code: 'unauthenticated', message: 'no session' } }))
    await request('GET', '/cases').catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
    await auth.login('a', 'b').catch(() => {})
    await auth.me().catch(() => {})
    expect(handler).toHaveBeenCalledTimes(1)
  })
  it('says what went wrong in plain Chinese and English words, with the server message as detail', () => {
    const err = new ApiError(409, 'stale_version', 'version 3 is stale')
    const zh = makeI18n('zh-CN').global.t
    const en = makeI18n('en').global.t
    expect(describeError(err, zh)).toEqual({ title: '该工单已被他人修改，已为您刷新，请核对后重试', detail: 'version 3 is stale', field: '' })
    expect(errorText(err, en)).toBe('Someone else changed this case; it has been reloaded, please check and try again — version 3 is stale')
    expect(errorText(new ApiError(400, 'invalid_argument', '', { field: 'phone' }), zh)).toBe('填写的内容有误 (字段: phone)')
    expect(describeError(new ApiError(418, 'teapot', ''), en).title).toBe('Something went wrong')
    expect(describeError(new Error('boom'), en)).toEqual({ title: 'Something went wrong', detail: 'boom', field: '' })
  })
})

describe('endpoints', () => {
  it('sends the Idempotency-Key when creating a case', async () => {
    await cases.create({ content: 'x' }, 'key-1')
    expect(lastHeaders()['Idempotency-Key']).toBe('key-1')
    expect(lastHeaders()['X-CSRF-Token']).toBe('csrf-abc==')
  })
  it('uploads the raw file with its type and encoded name', async () => {
    const file = new File(['hello'], '现场 照片.png', { type: 'image/png' })
    await cases.upload('c1', file)
    const [url, init] = fetchMock.mock.calls.at(-1)
    expect(url).toBe('/api/v1/cases/c1/attachments')
    expect(init.body).toBe(file)
    expect(init.headers['Content-Type']).toBe('image/png')
    expect(init.headers['X-Filename']).toBe(encodeURIComponent('现场 照片.png'))
  })
  it('posts actions with the version', async () => {
    await cases.action('c 1', 'sign', { version: 4 })
    const [url, init] = fetchMock.mock.calls.at(-1)
    expect(url).toBe('/api/v1/cases/c%201/actions/sign')
    expect(JSON.parse(init.body)).toEqual({ version: 4 })
  })
  it('builds list queries without empty parameters and joins lists with commas', () => {
    expect(buildQuery({ status: ['dispatched', 'in_progress'], q: '', limit: 20, cursor: null })).toBe('?status=dispatched%2Cin_progress&limit=20')
    expect(buildQuery({})).toBe('')
  })
  it('returns null for an empty 204', async () => {
    fetchMock.mockResolvedValueOnce(new Response(null, { status: 204 }))
    expect(await request('POST', '/auth/logout', { body: {} })).toBeNull()
  })
})
