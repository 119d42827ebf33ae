// Stands in for zod's index of message languages in our bundles (Node and renderer): zod re-exports
// all ~50 of them (366 KB of its 755 KB); Barcat uses English only (words are the renderer's job).
export { default as en } from 'zod/v4/locales/en.js';
