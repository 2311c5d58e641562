// The public site (no login): home, mayor's mailbox, tracking, published letters, statistics, privacy.
// Served by `hotline serve` at /public/ (public.html), phone-sized screens first.
import { createApp } from 'vue'
import './public.css'
import PublicApp from './PublicApp.vue'
import { makePublicI18n, setPublicLocale } from './i18n/index.js'
import { makePublicRouter } from './router.js'

const i18n = makePublicI18n()
const app = createApp(PublicApp)
app.use(i18n)
app.use(makePublicRouter())
setPublicLocale(i18n, i18n.global.locale.value)
app.mount('#app')
