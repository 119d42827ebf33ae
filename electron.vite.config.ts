import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

// main and preload run in Electron; the renderer is a plain web app also served by the web host.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // @duckdb/node-api is optional and native (a dev dependency): loaded at run time if present, never bundled.
      externalizeDeps: { include: ['@duckdb/node-api'] },
      rollupOptions: { input: { index: path.resolve('src-main/hosts/electron/main.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only electron: bundle zod (for the contract) into it.
      externalizeDeps: false,
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: path.resolve('src-main/hosts/electron/preload.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    base: './',
    plugins: [react()],
    build: {
      outDir: path.resolve('out/renderer'),
      emptyOutDir: true,
      // electron-vite leaves output unminified by default; minified, the first screen ships a third of the bytes.
      minify: true,
      rollupOptions: { input: { index: path.resolve('src-renderer/index.html') } },
    },
  },
});
