// Routes of the public site under /public/ (the server answers public.html for every /public/* path).
import { createRouter, createWebHistory, createMemoryHistory } from 'vue-router'
import HomeView from './views/HomeView.vue'
import MailboxView from './views/MailboxView.vue'
import ResultView from './views/ResultView.vue'
import TrackView from './views/TrackView.vue'
import LettersView from './views/LettersView.vue'
import LetterView from './views/LetterView.vue'
import StatsView from './views/StatsView.vue'
import PrivacyView from './views/PrivacyView.vue'
import KnowledgeView from './views/KnowledgeView.vue'
import KnowledgeArticleView from './views/KnowledgeArticleView.vue'

export const routes = [
  { path: '/', name: 'home', component: HomeView },
  { path: '/mailbox', name: 'mailbox', component: MailboxView },
  { path: '/result', name: 'result', component: ResultView },
  { path: '/track', name: 'track', component: TrackView },
  { path: '/letters', name: 'letters', component: LettersView },
  { path: '/letters/:id', name: 'letter', component: LetterView, props: true },
  { path: '/stats', name: 'stats', component: StatsView },
  { path: '/knowledge', name: 'knowledge', component: KnowledgeView },
  { path: '/knowledge/:id', name: 'knowledge-article', component: KnowledgeArticleView, props: true },
  { path: '/privacy', name: 'privacy', component: PrivacyView },
  { path: '/:rest(.*)*', redirect: '/' },
]

export function makePublicRouter(history = typeof window !== 'undefined' ? createWebHistory('/public/') : createMemoryHistory()) {
  return createRouter({ history, routes, scrollBehavior: () => ({ top: 0 }) })
}
