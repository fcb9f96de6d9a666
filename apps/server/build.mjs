// Compiles the server into dist/ with esbuild, so production runs JavaScript rather than compiling
// TypeScript in the process at every start (tsx): less memory, a faster start. The workspace's own
// packages (@myb/*, TypeScript sources) are bundled in; every other package stays an import.
// Files sit at dist/ as their sources sit at src/, so paths built from import.meta.url still hold,
// and the SQL migrations are copied beside them. Each file is replaced by a rename, so a server
// starting while another process builds (test files run in parallel) never reads half a file.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('./', import.meta.url));
const dist = join(root, 'dist');

const { outputFiles } = await build({
  absWorkingDir: root,
  entryPoints: { server: 'src/server.ts', 'migrate-cli': 'src/db/migrate-cli.ts', 'stock-check-cli': 'src/modules/stock/stock-check-cli.ts' },
  outdir: dist,
  // Chunks at dist/ too: a dynamic import() loads what only some configurations need, when they need it.
  chunkNames: '[name]-[hash]',
  splitting: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  write: false,
  logLevel: 'warning',
  plugins: [
    {
      name: 'packages-stay-external',
      setup(builder) {
        builder.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@myb/') ? undefined : { path: args.path, external: true }));
      },
    },
  ],
});

const migrations = join(root, 'src/db/migrations');
const files = [
  ...outputFiles.map((file) => ({ path: file.path, contents: file.contents })),
  ...(await Promise.all(
    (await readdir(migrations)).map(async (name) => ({ path: join(dist, 'migrations', name), contents: await readFile(join(migrations, name)) })),
  )),
];
for (const file of files) {
  await mkdir(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.contents);
  await rename(temporary, file.path);
}
// What an earlier build left that this one did not write (chunks of older sources).
const written = new Set(files.map((file) => relative(dist, file.path)));
for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  const path = relative(dist, join(entry.parentPath, entry.name));
  if (entry.isFile() && !written.has(path) && !path.endsWith('.tmp')) {
    await rm(join(dist, path), { force: true });
  }
}
