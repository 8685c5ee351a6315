import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const backend = 'http://localhost:5080';

export default defineConfig({
  plugins: [react()],
  // Hash routing (#/incidents/…) lets ASP.NET Core serve index.html at "/" with no fallback route.
  base: './',
  build: {
    outDir: '../Incident.Api/wwwroot',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: true },
      '/hubs': { target: backend, changeOrigin: true, ws: true },
      '/scalar': { target: backend, changeOrigin: true },
      '/openapi': { target: backend, changeOrigin: true },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['tests/**/*.test.{ts,tsx}'],
    setupFiles: ['tests/setup.ts'],
    pool: 'threads',
    maxWorkers: 2,
  },
});
