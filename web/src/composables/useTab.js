// The active tab of a screen, kept in the URL (?tab=) so a link opens the same tab.
import { computed } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useTab(tabs, fallback = tabs[0]) {
  const route = useRoute()
  const router = useRouter()
  return computed({
    get: () => (tabs.includes(route.query.tab) ? route.query.tab : fallback),
    set: (v) => router.replace({ query: v === fallback ? {} : { tab: v } }),
  })
}
