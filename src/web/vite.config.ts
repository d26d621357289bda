import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Resolved from this file rather than the working directory, so `vite build --config` and the
// programmatic build in the browser tests produce the same output wherever they start.
const here = decodeURIComponent(new URL('.', import.meta.url).pathname);

export default defineConfig({
  root: here,
  base: '/',
  plugins: [react()],
  build: {
    outDir: `${here}../../dist/web`,
    emptyOutDir: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:8080' },
  },
});
