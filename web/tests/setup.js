// Test environment: jsdom plus the browser APIs Element Plus expects.
import { config } from '@vue/test-utils'

if (typeof globalThis.ResizeObserver === 'undefined') {
  globalThis.ResizeObserver = class { observe() {} unobserve() {} disconnect() {} }
}
if (typeof window !== 'undefined' && !window.matchMedia) {
  window.matchMedia = () => ({ matches: false, addListener() {}, removeListener() {}, addEventListener() {}, removeEventListener() {} })
}
if (typeof window !== 'undefined' && !window.scrollTo) window.scrollTo = () => {}
config.global.stubs = { transition: false, 'transition-group': false }
