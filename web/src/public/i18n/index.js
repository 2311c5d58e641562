// The public site's own messages (src/public/i18n/*.js), same approach as the console: zh-CN by default,
// English one click away, the choice remembered in this browser (shared key with the console).
import { createI18n } from 'vue-i18n'
import zhCN from './zh-CN.js'
import en from './en.js'

export const LOCALES = ['zh-CN', 'en']
const STORAGE_KEY = 'hotline.locale'

function initialLocale() {
  try {
    const saved = globalThis.localStorage && localStorage.getItem(STORAGE_KEY)
    if (LOCALES.includes(saved)) return saved
  } catch { /* storage may be blocked */ }
  return 'zh-CN'
}

export function makePublicI18n(locale = initialLocale()) {
  return createI18n({ legacy: false, globalInjection: true, locale, fallbackLocale: 'zh-CN', messages: { 'zh-CN': zhCN, en }, missingWarn: false, fallbackWarn: false })
}

export function setPublicLocale(i18n, locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  try { localStorage.setItem(STORAGE_KEY, locale) } catch { /* ignore */ }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

// name_en in English when there is one.
export function pickName(item, locale) {
  if (!item) return ''
  return locale === 'en' && item.name_en ? item.name_en : item.name
}
