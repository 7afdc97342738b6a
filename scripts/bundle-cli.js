// Bundles the `snapengage-mock` command into one file (dist/cli.js), replacing tsc's output for that entry.
// Loading ~40 packages file by file costs a cold start ~200 ms on Node 20, which every CI job pays; one file does not.
// The library entry (dist/index.js) stays unbundled: its users bundle or load it as they like.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  sourcemap: true,
  // Less source for V8 to parse at every start (~20 ms); names are kept, and the source map maps positions back.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // The native addons (chosen at run time, see src/db/open.ts), and swagger-ui, which serves files from its own
  // folder, load from node_modules as usual; so does pino-pretty, which only a pretty log format loads.
  external: ['better-sqlite3', 'better-sqlite3-napi', '@fastify/swagger-ui', 'pino-pretty'],
  // Bundled CommonJS packages call require(); ESM has none, so give the bundle one.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
});
