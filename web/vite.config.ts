import { defineConfig } from 'vite';
import { svelte, vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// The app is built into web/dist, which the server binary serves (wwwroot beside it). `npm run dev` proxies the API.
export default defineConfig({
  plugins: [svelte({ preprocess: vitePreprocess() })],
  build: { outDir: 'dist', emptyOutDir: true, assetsDir: 'assets', target: 'es2022', sourcemap: false },
  server: { proxy: { '/api': 'http://127.0.0.1:2283' } },
});
