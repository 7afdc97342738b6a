// Bundles the `snapengage-mock` command into one CommonJS file (dist/cli-bundle.cjs), and its launcher (dist/cli.js,
// replacing tsc's output for that entry), which runs the bundle from a V8 code cache (see src/process/cli-launcher.ts).
// Loading ~40 packages file by file costs a cold start ~200 ms on Node 20, which every CI job pays; one file does not.
// The library entry (dist/index.js) stays unbundled: its users bundle or load it as they like.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { build } from 'esbuild';

const require = createRequire(import.meta.url);

/**
 * Less to compile and run at every start. Modules required at start but used later (if ever) are swapped for stand-ins
 * that load the real one from node_modules on first use, so V8 neither parses nor runs them at start (compiling the
 * bundle is the largest single cost of a start on Node 20, which has no compile cache for ES modules):
 * - yaml: @fastify/swagger requires it at registration, but only GET /documentation/yaml uses it;
 * - Fastify's default schema compilers (ajv, fast-json-stringify): Fastify builds their selectors at start, but every
 *   route validates and serializes through zod (app.ts sets both compilers), so they never compile a schema.
 * And zod's 40-odd translations of its messages are left out: the mock speaks English (zod's default) only.
 */
const lazyModules = {
  name: 'lazy-modules',
  setup(b) {
    // The package that requires it, by name: at run time the real module is resolved from there, as Node would.
    const owner = (importer) => /.*node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(importer)[1];
    // createRequire(__filename).resolve rather than require.resolve, which esbuild would try to resolve at build time.
    const loader = (args) =>
      `const { createRequire } = require('node:module');
       const load = () => createRequire(createRequire(__filename).resolve(${JSON.stringify(owner(args.importer))}))(${JSON.stringify(args.path)});`;
    b.onResolve({ filter: /^yaml$/ }, (args) => ({ path: args.path, namespace: 'lazy-object', pluginData: loader(args) }));
    b.onResolve({ filter: /^@fastify\/(ajv-compiler|fast-json-stringify-compiler)$/ }, (args) => ({
      path: args.path,
      namespace: 'lazy-selector',
      pluginData: loader(args),
    }));
    // A stand-in object whose properties are the real module's, read on first use.
    b.onLoad({ filter: /.*/, namespace: 'lazy-object' }, (args) => ({
      contents: `${args.pluginData} let m;
        module.exports = new Proxy({}, { get: (_, key) => (m ??= load())[key], has: (_, key) => key in (m ??= load()) });`,
      loader: 'js',
    }));
    // A selector (`Selector(opts)` returns `factory(externalSchemas, options)`) that loads the real one when a factory runs.
    b.onLoad({ filter: /.*/, namespace: 'lazy-selector' }, (args) => ({
      contents: `${args.pluginData}
        function Selector(...opts) { let factory; return (...args) => (factory ??= load()(...opts))(...args); }
        module.exports = Selector;
        module.exports.default = Selector;`,
      loader: 'js',
    }));
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${join('node_modules', 'zod')}`) ? { path: join(args.resolveDir, '../locales/en.js'), namespace: 'zod-english' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'zod-english' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

await build({
  entryPoints: ['src/process/cli.ts'],
  outfile: 'dist/cli-bundle.cjs',
  bundle: true,
  platform: 'node',
  // CommonJS, so the launcher can compile it with vm.Script and a code cache; Node 20 has no cache for ES modules.
  format: 'cjs',
  target: 'node20.19',
  sourcemap: true,
  // Less source for V8 to parse at every start (~20 ms); names are kept, and the source map maps positions back.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
  // The native addons (chosen at run time, see src/db/open.ts), and swagger-ui, which serves files from its own
  // folder, load from node_modules as usual; so does pino-pretty, which only a pretty log format loads.
  external: ['better-sqlite3', 'better-sqlite3-napi', '@fastify/swagger-ui', 'pino-pretty'],
  plugins: [lazyModules],
  // The sources are ES modules: strict, and they locate files from import.meta.url, which CommonJS spells __filename.
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: "'use strict'; const __import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
});

// The launcher: dist/cli.js, what `snapengage-mock` and `npm start` run.
await build({
  entryPoints: ['src/process/cli-launcher.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  logLevel: 'warning',
});
