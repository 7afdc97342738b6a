// The published declarations (dist/, from `npm run build`) reach only packages the package depends on and whose types
// a user then has: a strict project (skipLibCheck off) checks every .d.ts it reaches, and a type only a devDependency
// declares (better-sqlite3's) fails it. scripts/check-install.sh compiles such a project for real; this catches the import in `npm test` already.
import { existsSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { types: string; dependencies: Record<string, string> };

/** Each bare specifier a declaration file reaches from `entry`, with the file that imports it. */
function reachedPackages(entry: string): Map<string, string> {
  const packages = new Map<string, string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of [...info.importedFiles, ...info.typeReferenceDirectives.map((r) => ({ fileName: `@types/${r.fileName}` }))]) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, '.d.ts')));
      else if (!packages.has(fileName)) packages.set(fileName, file.slice(root.length));
    }
  };
  visit(join(root, pkg.types));
  return packages;
}

/** Whether an installed package ships its own declarations (better-sqlite3 does not: its types are @types/better-sqlite3). */
function shipsTypes(name: string): boolean {
  const dir = join(root, 'node_modules', name);
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { types?: string; typings?: string; exports?: unknown };
  return Boolean(manifest.types ?? manifest.typings) || JSON.stringify(manifest.exports ?? null).includes('"types"') || existsSync(join(dir, 'index.d.ts'));
}

/** The package a specifier names (`zod/v4/core` -> zod, `node:http` -> @types/node, which declares Node's modules). */
const packageOf = (specifier: string): string => {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return '@types/node';
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
};

describe('the published declarations', () => {
  it('reach only packages in dependencies that bring their types (Node\'s included)', () => {
    expect(existsSync(join(root, pkg.types)), 'run `npm run build` first').toBe(true);
    const outside = [...reachedPackages(join(root, pkg.types))]
      .filter(([specifier]) => {
        const name = packageOf(specifier);
        return !(name in pkg.dependencies && (name.startsWith('@types/') || shipsTypes(name) || `@types/${name}` in pkg.dependencies));
      })
      .map(([specifier, from]) => `${specifier} (imported by ${from})`);
    expect(outside).toEqual([]);
  });
});
