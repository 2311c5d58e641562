import { createApp } from 'vue'
import { createPinia } from 'pinia'
import 'element-plus/theme-chalk/index.css'
import './styles.css'
import App from './App.vue'
import { i18n, setLocale } from './i18n/index.js'
import { makeRouter } from './router/index.js'
import { setUnauthenticatedHandler } from './api/client.js'
import { useAuthStore } from './stores/auth.js'

const app = createApp(App)
const pinia = createPinia()
app.use(pinia)
app.use(i18n)
const router = makeRouter()
app.use(router)
setLocale(i18n.global.locale.value)

// A 401 anywhere (session expired, logged out elsewhere): back to the login page, then back here.
setUnauthenticatedHandler(() => {
  const auth = useAuthStore(pinia)
  auth.clear()
  const cur = router.currentRoute.value
  if (!cur.meta.public) router.replace({ path: '/login', query: { redirect: cur.fullPath } })
})

app.mount('#app')
