// Builds the inspector page (ui/) into dist/ui/: one minified ES module, its stylesheet and the HTML shell. No
// framework: plain TypeScript and the DOM, so the page weighs a few KB and loads with no CDN (the mock serves it).
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

mkdirSync('dist/ui', { recursive: true });
await build({
  entryPoints: ['ui/src/main.ts'],
  outfile: 'dist/ui/app.js',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['chrome110', 'firefox110', 'safari16'],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
await build({ entryPoints: ['ui/app.css'], outfile: 'dist/ui/app.css', minify: true, logLevel: 'warning' });
copyFileSync('ui/index.html', 'dist/ui/index.html');
