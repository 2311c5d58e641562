import { describe, it, expect, vi, beforeEach } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { ApiError } from '../src/api/client.js'

vi.mock('../src/api/index.js', () => ({ auth: { me: vi.fn(), login: vi.fn(), logout: vi.fn() } }))
const api = await import('../src/api/index.js')
const { authGuard, canSee, routes } = await import('../src/router/index.js')
const { homeFor, useAuthStore } = await import('../src/stores/auth.js')

function router() {
  const stub = { template: '<div />' }
  const r = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', meta: { public: true }, component: stub },
      { path: '/', component: stub, children: routes[1].children.map((c) => ({ ...c, component: stub })) },
    ],
  })
  r.beforeEach(authGuard)
  return r
}

const setCsrf = (v) => { document.cookie = v ? `hotline_csrf=${v}; path=/` : 'hotline_csrf=; path=/; max-age=0' }
beforeEach(() => { setActivePinia(createPinia()); vi.clearAllMocks(); setCsrf('t0k3n') })

describe('role homes', () => {
  it('sends each role to its own workbench', () => {
    expect(homeFor(['agent'])).toBe('/intake')
    expect(homeFor(['dispatcher'])).toBe('/dispatch')
    expect(homeFor(['handler'])).toBe('/workbench')
    expect(homeFor(['unit_admin'])).toBe('/workbench')
    expect(homeFor(['leader'])).toBe('/dashboard')
    expect(homeFor(['admin'])).toBe('/admin/org')
    expect(homeFor(['auditor'])).toBe('/audit')
    expect(homeFor(['callback', 'agent'])).toBe('/intake') // several roles: the first in the order of work
  })
  it('lets a role see only its screens', () => {
    const r = (name) => routes[1].children.find((c) => c.name === name)
    expect(canSee(r('dispatch'), ['dispatcher'])).toBe(true)
    expect(canSee(r('dispatch'), ['handler'])).toBe(false)
    expect(canSee(r('audit'), ['admin'])).toBe(false) // 三员分立
    expect(canSee(r('case'), ['auditor'])).toBe(false)
    expect(canSee(r('admin-users'), ['unit_admin'])).toBe(true)
  })
})

describe('auth guard', () => {
  it('without the CSRF cookie there is no session: login page, and no /me call (no 401 in the console)', async () => {
    setCsrf('')
    const r = router()
    await r.push('/review')
    expect(r.currentRoute.value.path).toBe('/login')
    expect(api.auth.me).not.toHaveBeenCalled()
  })
  it('sends a visitor without a session to the login page, remembering where they were going', async () => {
    api.auth.me.mockRejectedValueOnce(new ApiError(401, 'unauthenticated', ''))
    const r = router()
    await r.push('/cases?status=new')
    expect(r.currentRoute.value.path).toBe('/login')
    expect(r.currentRoute.value.query.redirect).toBe('/cases?status=new')
  })
  it('opens the home of the logged-in user at /', async () => {
    api.auth.me.mockResolvedValueOnce({ id: 'u1', name: '李派单', roles: ['dispatcher'] })
    const r = router()
    await r.push('/')
    expect(r.currentRoute.value.path).toBe('/dispatch')
    expect(useAuthStore().isCentre).toBe(true)
  })
  it('asks the server once, then trusts the store', async () => {
    api.auth.me.mockResolvedValue({ id: 'u2', roles: ['handler'], unit_id: '5' })
    const r = router()
    await r.push('/workbench')
    await r.push('/cases')
    expect(api.auth.me).toHaveBeenCalledTimes(1)
    expect(useAuthStore().isCentre).toBe(false)
  })
  it('logout forgets the user even when the server is gone', async () => {
    api.auth.logout.mockRejectedValueOnce(new ApiError(0, 'network', ''))
    const s = useAuthStore()
    s.user = { id: 'u', roles: ['agent'] }
    await s.logout()
    expect(s.user).toBeNull()
  })
})
