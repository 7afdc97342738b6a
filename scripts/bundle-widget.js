// Builds the JavaScript widget (widget/) into dist/widget/: the script pages load (one IIFE, no globals of its own: the
// mock wraps it in a function that hands it the widget id and origin), the chat box's stylesheet, and the demo page.
// esbuild, as for the inspector: plain TypeScript over the DOM, no framework, so the script stays a few KB.
import { copyFileSync, mkdirSync } from 'node:fs';
import { build } from 'esbuild';

const common = { bundle: true, platform: 'browser', target: ['chrome90', 'firefox90', 'safari14'], minify: true, legalComments: 'none', logLevel: 'warning' };
mkdirSync('dist/widget', { recursive: true });
await build({ ...common, entryPoints: ['widget/src/main.ts'], outfile: 'dist/widget/widget.js', format: 'iife' });
await build({ ...common, entryPoints: ['widget/demo/demo.ts'], outfile: 'dist/widget/demo.js', format: 'iife' });
await build({ entryPoints: ['widget/chat.css'], outfile: 'dist/widget/chat.css', minify: true, logLevel: 'warning' });
await build({ entryPoints: ['widget/demo/demo.css'], outfile: 'dist/widget/demo.css', minify: true, logLevel: 'warning' });
copyFileSync('widget/demo/demo.html', 'dist/widget/demo.html');
