// Mount a component with i18n, Pinia and a memory router, as the app does.
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { makeI18n } from '../src/i18n/index.js'

export async function mountWith(component, { props = {}, locale = 'zh-CN', path = '/', pinia, setup } = {}) {
  const p = pinia || createPinia()
  setActivePinia(p)
  if (setup) setup(p)
  const i18n = makeI18n(locale)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: { template: '<div />' } },
      { path: '/cases/:id', name: 'case', component: { template: '<div />' } },
      { path: '/:rest(.*)*', name: 'any', component: component },
    ],
  })
  router.push(path)
  await router.isReady()
  const wrapper = mount(component, { props, global: { plugins: [p, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router, i18n, pinia: p }
}

export function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : (typeof body === 'string' ? body : JSON.stringify(body)), {
    status, headers: { 'Content-Type': 'application/json', ...headers },
  })
}

export { flushPromises }
