// Vite + Vitest configuration for the Hotline 12345 web console.
// Element Plus components are imported on demand (unplugin-vue-components); its CSS is loaded once in main.js.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

const api = process.env.HOTLINE_API || 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/',
  plugins: [
    vue(),
    Components({
      dirs: [], // our own components are imported explicitly
      dts: false,
      resolvers: [ElementPlusResolver({ importStyle: false })],
    }),
  ],
  resolve: { alias: { '@': new URL('./src', import.meta.url).pathname } },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: api, changeOrigin: false, ws: false },
      '/healthz': { target: api },
    },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    chunkSizeWarningLimit: 900,
    // Two apps: the staff console (index.html) and the public site (public.html, served at /public/).
    rollupOptions: { input: { main: 'index.html', public: 'public.html' } },
  },
  test: {
    environment: 'jsdom',
    globals: false,
    setupFiles: ['./tests/setup.js'],
    include: ['tests/**/*.test.js'],
    css: false,
    pool: 'forks',
    maxWorkers: 2,
    // Mounting a whole view under jsdom takes seconds on a busy 2-core CI machine.
    testTimeout: 20000,
  },
})
