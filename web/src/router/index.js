// Routes: one per screen, so the URL always says where you are (tabs and filters go in the query).
import { createRouter, createWebHistory, createMemoryHistory } from 'vue-router'
import { useAuthStore } from '../stores/auth.js'

const CASE_READERS = ['agent', 'dispatcher', 'reviewer', 'callback', 'supervisor', 'leader', 'handler', 'unit_admin']

// The knowledge base (知识库): every staff role reads it; what each may do is the server's answer.
const KB_READERS = [...CASE_READERS, 'admin', 'auditor']

export const routes = [
  { path: '/login', name: 'login', component: () => import('../views/LoginView.vue'), meta: { public: true, title: 'login.title' } },
  {
    path: '/',
    component: () => import('../components/AppLayout.vue'),
    children: [
      { path: '', name: 'home', component: () => import('../views/HomeView.vue'), meta: { title: 'menu.home' } },
      { path: 'intake', name: 'intake', component: () => import('../views/IntakeView.vue'), meta: { roles: ['agent'], title: 'menu.intake' } },
      { path: 'dispatch', name: 'dispatch', component: () => import('../views/DispatchView.vue'), meta: { roles: ['dispatcher'], title: 'menu.dispatch' } },
      { path: 'workbench', name: 'workbench', component: () => import('../views/WorkbenchView.vue'), meta: { roles: ['handler', 'unit_admin'], title: 'menu.workbench' } },
      { path: 'review', name: 'review', component: () => import('../views/ReviewView.vue'), meta: { roles: ['reviewer'], title: 'menu.review' } },
      { path: 'callback', name: 'callback', component: () => import('../views/CallbackView.vue'), meta: { roles: ['callback'], title: 'menu.callback' } },
      { path: 'supervise', name: 'supervise', component: () => import('../views/SuperviseView.vue'), meta: { roles: ['supervisor'], title: 'menu.supervise' } },
      { path: 'dashboard', name: 'dashboard', component: () => import('../views/DashboardView.vue'), meta: { roles: ['leader', 'supervisor'], title: 'menu.dashboard' } },
      { path: 'assessment', name: 'assessment', component: () => import('../views/AssessmentView.vue'), meta: { roles: ['leader', 'supervisor', 'admin', 'dispatcher', 'unit_admin'], title: 'kpi.assessment' } },
      { path: 'reports', name: 'reports', component: () => import('../views/ReportsView.vue'), meta: { roles: ['leader', 'supervisor', 'dispatcher'], title: 'kpi.reports' } },
      { path: 'hotspots', name: 'hotspots', component: () => import('../views/HotspotsView.vue'), meta: { roles: ['leader', 'supervisor', 'dispatcher'], title: 'hot.menu' } },
      { path: 'cases', name: 'cases', component: () => import('../views/CaseListView.vue'), meta: { roles: CASE_READERS, title: 'menu.cases' } },
      { path: 'cases/:id', name: 'case', component: () => import('../views/CaseView.vue'), meta: { roles: CASE_READERS, title: 'menu.case' } },
      { path: 'admin/org', name: 'admin-org', component: () => import('../views/admin/OrgView.vue'), meta: { roles: ['admin'], title: 'menu.org' } },
      { path: 'admin/users', name: 'admin-users', component: () => import('../views/admin/UsersView.vue'), meta: { roles: ['admin', 'unit_admin'], title: 'menu.users' } },
      { path: 'admin/categories', name: 'admin-categories', component: () => import('../views/admin/CategoriesView.vue'), meta: { roles: ['admin'], title: 'menu.categories' } },
      { path: 'admin/sla', name: 'admin-sla', component: () => import('../views/admin/SlaPoliciesView.vue'), meta: { roles: ['admin'], title: 'menu.sla' } },
      { path: 'admin/calendar', name: 'admin-calendar', component: () => import('../views/admin/CalendarView.vue'), meta: { roles: ['admin'], title: 'menu.calendar' } },
      { path: 'admin/notifications', name: 'admin-notifications', component: () => import('../views/admin/NotificationsView.vue'), meta: { roles: ['admin'], title: 'notify.title' } },
      { path: 'admin/open311', name: 'admin-open311', component: () => import('../views/admin/Open311KeysView.vue'), meta: { roles: ['admin'], title: 'open311.title' } },
      { path: 'admin/settings', name: 'admin-settings', component: () => import('../views/admin/SettingsView.vue'), meta: { roles: ['admin'], title: 'menu.settings' } },
      { path: 'knowledge', name: 'knowledge', component: () => import('../views/KnowledgeView.vue'), meta: { roles: KB_READERS, title: 'knowledge.menu' } },
      { path: 'knowledge/:id', name: 'knowledge-article', component: () => import('../views/KnowledgeArticleView.vue'), meta: { roles: KB_READERS, title: 'knowledge.menu' } },
      { path: 'admin/assessment', name: 'admin-assessment', component: () => import('../views/admin/AssessmentConfigView.vue'), meta: { roles: ['admin'], title: 'kpi.configTitle' } },
      { path: 'audit', name: 'audit', component: () => import('../views/AuditView.vue'), meta: { roles: ['auditor'], title: 'menu.audit' } },
      { path: ':pathMatch(.*)*', name: 'not-found', component: () => import('../views/NotFoundView.vue'), meta: { title: 'notFound.title' } },
    ],
  },
]

export function canSee(route, roles) {
  const need = route.meta && route.meta.roles
  return !need || need.some((r) => (roles || []).includes(r))
}

// Before any screen: make sure we know who is logged in; the login page otherwise.
export async function authGuard(to) {
  if (to.meta.public) return true
  const auth = useAuthStore()
  if (!auth.checked) {
    try { await auth.load() } catch { /* server unreachable: the login page says so */ }
  }
  if (!auth.user) return { path: '/login', query: to.fullPath && to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.name === 'home' && auth.home !== '/') return { path: auth.home, replace: true }
  return true
}

export function makeRouter(history = typeof window === 'undefined' ? createMemoryHistory() : createWebHistory('/')) {
  const router = createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) })
  router.beforeEach(authGuard)
  return router
}
