// Who is logged in, and what they may see. The session itself is the HttpOnly cookie set by the server.
import { defineStore } from 'pinia'
import { auth as api } from '../api/index.js'
import { ApiError, readCookie } from '../api/client.js'
import { CENTRE_ROLES } from '../utils/enums.js'

// Each role's home screen, in order of preference for a user with several roles.
export const ROLE_HOME = [
  ['agent', '/intake'],
  ['dispatcher', '/dispatch'],
  ['reviewer', '/review'],
  ['callback', '/callback'],
  ['supervisor', '/supervise'],
  ['handler', '/workbench'],
  ['unit_admin', '/workbench'],
  ['leader', '/dashboard'],
  ['admin', '/admin/org'],
  ['auditor', '/audit'],
]

export const CALLER_LOOKUP_ROLES = ['agent', 'callback', 'dispatcher']
export function canFollowLive(roles) {
  const r = roles || []
  if (!r.length) return false
  if (r.some((x) => ['agent', 'dispatcher', 'leader'].includes(x))) return true
  return !r.some((x) => ['admin', 'auditor'].includes(x))
}

export function homeFor(roles) {
  for (const [role, path] of ROLE_HOME) if ((roles || []).includes(role)) return path
  return '/cases'
}

export const useAuthStore = defineStore('auth', {
  state: () => ({ user: null, checked: false }),
  getters: {
    roles: (s) => (s.user && s.user.roles) || [],
    loggedIn: (s) => !!s.user,
    isCentre: (s) => ((s.user && s.user.roles) || []).some((r) => CENTRE_ROLES.includes(r)),
    home: (s) => homeFor((s.user && s.user.roles) || []),
    // GET /callers/{phone}/cases: agent, callback, dispatcher only.
    canLookupCaller: (s) => ((s.user && s.user.roles) || []).some((r) => CALLER_LOOKUP_ROLES.includes(r)),
    // GET /stream: refused to a user who is only admin and/or auditor (no case work to follow).
    canFollowLive: (s) => canFollowLive((s.user && s.user.roles) || []),
  },
  actions: {
    hasRole(...roles) { return roles.some((r) => this.roles.includes(r)) },
    // Loads the user from the session cookie; null when not logged in.
    // Without the readable `hotline_csrf` cookie (set and cleared together with the HttpOnly session cookie)
    // there is no session: skip the /me call, which would only answer 401.
    async load() {
      if (typeof document !== 'undefined' && !readCookie('hotline_csrf')) {
        this.user = null
        this.checked = true
        return null
      }
      try {
        this.user = await api.me()
      } catch (e) {
        if (!(e instanceof ApiError) || e.status !== 401) { this.checked = true; throw e }
        this.user = null
      }
      this.checked = true
      return this.user
    },
    async login(username, password) {
      const res = await api.login(username, password)
      this.user = res.user
      this.checked = true
      return res.user
    },
    async logout() {
      try { await api.logout() } catch { /* the session may already be gone */ }
      this.user = null
    },
    clear() { this.user = null },
  },
})
