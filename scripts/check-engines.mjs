#!/usr/bin/env node
/**
 * Fails when a package the lockfile installs does not support every Node.js version the project
 * declares (`engines.node` of the root package.json): the declared range must lie inside each
 * package's own `engines.node`. npm itself only warns, and only about the Node it runs on.
 *
 *   node scripts/check-engines.mjs            (npm run check:engines)
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path) => JSON.parse(readFileSync(`${root}${path}`, 'utf8'));

/** Each package of the lockfile whose `engines.node` does not hold all of `declared`, with why. */
export function unsupported(declared, lockPackages) {
  const problems = [];
  for (const [path, entry] of Object.entries(lockPackages)) {
    // '' is the project itself; links point at workspaces, whose own entries are checked.
    if (path === '' || entry.link) {
      continue;
    }
    const wanted = entry.engines?.node;
    if (wanted === undefined) {
      continue;
    }
    const name = entry.name ?? path.replace(/^.*node_modules\//, '');
    const where = `${name}@${entry.version ?? '?'} (${path})`;
    if (typeof wanted !== 'string' || semver.validRange(wanted) === null) {
      problems.push(`${where}: engines.node ${JSON.stringify(wanted)} is not a version range`);
    } else if (!semver.subset(declared, wanted)) {
      problems.push(`${where} supports Node.js ${wanted}`);
    }
  }
  return problems;
}

const main = () => {
  const declared = read('package.json').engines?.node;
  if (typeof declared !== 'string' || semver.validRange(declared) === null) {
    console.error(
      'package.json declares no engines.node range: say which Node.js versions the project supports.',
    );
    process.exit(1);
  }
  const lock = read('package-lock.json');
  const problems = unsupported(declared, lock.packages ?? {});
  if (problems.length > 0) {
    console.error(
      `The project declares Node.js ${declared}, but ${problems.length} installed package(s) do not support all of it:`,
    );
    for (const problem of problems) {
      console.error(`  - ${problem}`);
    }
    console.error(
      'Choose a version of the package (or of the one that pulls it in) whose engines include the declared range, pin it under "overrides" in package.json with a reason, or narrow "engines" in package.json and the README.',
    );
    process.exit(1);
  }
  const count = Object.values(lock.packages ?? {}).filter(
    (entry) => entry.engines?.node !== undefined,
  ).length;
  console.log(`Every installed package that states engines.node (${count}) supports Node.js ${declared}.`);
};

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main();
}
