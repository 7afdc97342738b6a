// The import rules of src/, checked by dependency-cruiser in `npm test` (test/architecture.test.ts).
// Folders form layers, lowest first: a folder imports only its own files and folders below it, never one beside or
// above it, so no two folders can import each other. `(top)` is the wiring at the top of src/ (app.ts, context.ts,
// openapi.ts); `(entry)` is src/index.ts, the package's public API, which may export anything.
const LAYERS = [
  ['core'],
  ['db'],
  ['http', 'tls'],
  ['support-request'],
  ['accounts'],
  ['provisioning', 'files'],
  ['logs', 'email'],
  ['delivery'],
  ['integration'],
  ['bots'],
  ['conversations'],
  ['widget-js'],
  ['inspector'],
  ['control'],
  ['api-docs'],
  ['(top)'],
  ['process'],
  ['harness'],
  ['(entry)'],
];

const SPECIAL = { '(top)': '^src/(?!index\\.ts$)[^/]+$', '(entry)': '^src/index\\.ts$' };
const folderPath = (folder) => SPECIAL[folder] ?? `^src/${folder}/`;
const describe = (folder) => ({ '(top)': 'the top-level wiring', '(entry)': 'src/index.ts' })[folder] ?? `${folder}/`;

const layerRules = LAYERS.flatMap((layer, rank) =>
  layer.map((folder) => {
    const allowed = [folder, ...LAYERS.slice(0, rank).flat()];
    return {
      name: `layer-${folder}`,
      comment: `${describe(folder)} may import only ${allowed.map(describe).join(', ')}`,
      severity: 'error',
      from: { path: folderPath(folder) },
      to: { path: '^src/', pathNot: allowed.map(folderPath) },
    };
  }),
);

module.exports = {

  forbidden: [
    ...layerRules,
    {
      name: 'every-folder-has-a-layer',
      comment: 'a new folder under src/ gets its place in LAYERS (.dependency-cruiser.cjs) before it is imported',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/[^/]+/', pathNot: LAYERS.flat().filter((f) => !SPECIAL[f]).map(folderPath) },
    },
    {
      name: 'no-circular',
      comment: 'no module imports itself through others',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'routes-use-services',
      comment: 'a route calls services; only services and the wiring use repositories (their row types may be imported as types)',
      severity: 'error',
      from: { path: '-routes\\.ts$' },
      to: { path: '^src/db/.+-repository\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // Folders only matter for src/; node: builtins and packages are not rules' business.
    includeOnly: '^src/',
  },
};
