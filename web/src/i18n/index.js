// vue-i18n setup: zh-CN by default, English one click away; the choice is remembered in this browser.
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

export function makeI18n(locale = initialLocale()) {
  return createI18n({
    legacy: false,
    globalInjection: true,
    locale,
    fallbackLocale: 'zh-CN',
    messages: { 'zh-CN': zhCN, en },
    missingWarn: false,
    fallbackWarn: false,
  })
}

export const i18n = makeI18n()

export function setLocale(locale) {
  if (!LOCALES.includes(locale)) return
  i18n.global.locale.value = locale
  try { localStorage.setItem(STORAGE_KEY, locale) } catch { /* ignore */ }
  if (typeof document !== 'undefined') document.documentElement.lang = locale
}

// A name in the current language: name_en when English is chosen and the item has one.
export function localName(item, locale = i18n.global.locale.value) {
  if (!item) return ''
  return (locale === 'en' && item.name_en) ? item.name_en : (item.name || item.name_en || '')
}
