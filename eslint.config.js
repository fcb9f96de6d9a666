import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Kysely calls that start a statement: outside a repository they are SQL where it does not belong. */
const STATEMENT_STARTERS = ['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'selectNoFrom', 'replaceInto', 'mergeInto'];
const SQL_ONLY_IN_REPOSITORIES = [
  {
    selector: `CallExpression[callee.property.name=/^(${STATEMENT_STARTERS.join('|')})$/]`,
    message: 'SQL lives in repositories only (a *.repository.ts of the module that owns the table): call a repository method here.',
  },
  {
    selector: "ImportDeclaration[source.value='kysely'][importKind='value'] > ImportSpecifier[imported.name='sql'][importKind='value']",
    message: "SQL lives in repositories only: kysely's `sql` belongs in a *.repository.ts (or a *.sql.ts fragment a repository uses).",
  },
];
const SERVICES_RECEIVE_REPOSITORIES = {
  selector: 'CallExpression[callee.name=/^create\\w*Repository$/]',
  message: "A service receives its repositories from its factory's arguments (wired in app.ts); inside a transaction use `repository.within(trx)`.",
};
/** Files that may hold SQL besides repositories: the database's own machinery, SQL fragments, tests, the benchmark. */
const SQL_MAY_LIVE_IN = [
  '**/*.repository.ts',
  '**/*.sql.ts',
  'apps/server/src/db/**',
  // The MQTT broker's persistence (aedes) is the repository of its own tables, mqtt_*, and nothing else reads them.
  'apps/server/src/messaging/embedded-broker-store.ts',
  '**/*.test.ts',
  '**/test/**',
  'bench/**',
  'e2e/**',
];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', '.data/**', 'e2e/artifacts/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      curly: ['error', 'all'],
      // Fastify plugins are async functions by contract, with or without an await inside.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files and follows no TypeScript import, so it finds no cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      // The workspace's own packages are one code base with the apps: a cycle through them is a cycle.
      'import-x/internal-regex': '^@myb/',
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'apps/web/tsconfig.json'],
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // A cycle makes the order modules load in decide what is defined, and hides which part depends on which.
      // (Packages from npm are not walked: a cycle inside one is not ours to fix, and following them is slow.)
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: ['./apps/server/src/http', './apps/server/src/messaging', './apps/server/src/db', './apps/server/src/config.ts'],
              from: './apps/server/src/modules',
              // Type imports count too: a layer that needs a module's shape declares the shape it needs.
              message: 'http/, messaging/, db/ and config.ts sit under the modules: they import nothing from modules/ (type imports included); declare here the shape you need and let the module meet it.',
            },
            {
              target: './apps/server/src/config.ts',
              from: ['./apps/server/src/*/**', './apps/server/src/!(config).ts'],
              message: 'config.ts is read first by every entry point (server, migrations, tests): it imports nothing of the server, so any part may import it.',
            },
            {
              // The demo (src/demo) runs agents in the server's process, so it alone may import the agent.
              target: ['./apps/server/src/*.ts', './apps/server/src/!(demo)/**'],
              from: './apps/supplier-agent',
              message: 'The server and the supplier agent are separate programs: share code through a package under packages/ (the mailer is @myb/mail). Only the demo runs agents in the server process.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/server/src/**/*.ts', 'apps/supplier-agent/src/**/*.ts', 'packages/*/src/**/*.ts'],
    ignores: SQL_MAY_LIVE_IN,
    // Every statement in a repository means one place to read, index and change each table's SQL.
    rules: { 'no-restricted-syntax': ['error', ...SQL_ONLY_IN_REPOSITORIES] },
  },
  {
    files: ['**/*.service.ts'],
    // Services get their repositories through their factory, so the wiring in app.ts shows every dependency.
    rules: { 'no-restricted-syntax': ['error', ...SQL_ONLY_IN_REPOSITORIES, SERVICES_RECEIVE_REPOSITORIES] },
  },
  {
    files: ['**/*.routes.ts'],
    // A route is declared once, in the contracts' table, and registered from it with `route(app, routes.x.y, …)`.
    rules: {
      'no-restricted-syntax': [
        'error',
        ...SQL_ONLY_IN_REPOSITORIES,
        {
          selector: "CallExpression[callee.property.name=/^(get|post|put|patch|delete|head|options|all|route)$/][callee.object.name=/^(app|api|fastify|instance)$/]",
          message: 'Register a route from the contracts\' table: route(app, routes.<feature>.<name>, { handler }).',
        },
      ],
    },
  },
  {
    // Tests read JSON responses (`any`) and assert their shape; the assertions are the type check.
    files: ['**/*.test.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
