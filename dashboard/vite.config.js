// Multi-page build: one folder per page (console/, steward/, later more), shared modules in src/shared.
// Relative base, so the same files work under the DevHost's origin and a static host (Static Web Apps).
import { defineConfig } from 'vite';
import { resolve } from 'node:path';

export default defineConfig({
  base: './',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'index.html'),
        console: resolve(import.meta.dirname, 'console/index.html'),
        monthly: resolve(import.meta.dirname, 'console/monthly.html'),
        steward: resolve(import.meta.dirname, 'steward/index.html'),
        citizen: resolve(import.meta.dirname, 'citizen/index.html'),
      },
    },
  },
});
