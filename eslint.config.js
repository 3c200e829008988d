import js from '@eslint/js';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'http', 'https', 'crypto', 'worker_threads'];
const pattern = (group, message) => ({ group, message });
// The raw better-sqlite3 handle behind a Database: for electron/core/db and tests only.
const rawHandle = { group: ['**/db/connection.js'], importNames: ['sqliteHandle'], message: 'Only electron/core/db/ holds the database handle: use the Database facade.' };

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'bench-results/**', 'test-results/**', 'resources/basemap/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: ['./tsconfig.json', './tsconfig.node.json', './tsconfig.test.json'], tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    plugins: { 'no-unsanitized': noUnsanitized },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-console': 'error',
      'no-unsanitized/method': 'error',
      'no-unsanitized/property': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true, allowBoolean: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
    },
  },
  // Layering (ARCHITECTURE.md "Folders"): each folder may import only what its process can run.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'No raw HTML in the UI.' },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['**/electron/**', 'electron', 'better-sqlite3', 'ws', ...nodeBuiltins], 'The renderer has no Node: talk to the core through shared/contract.'),
            pattern(['maplibre-gl', 'mapbox-gl'], 'Only renderer/features/map/ imports a map engine.'),
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/features/map/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pattern(['**/electron/**', 'electron', 'better-sqlite3', 'ws', ...nodeBuiltins], 'The renderer has no Node.')] },
      ],
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pattern(['**/electron/**', '**/renderer/**', 'electron', 'better-sqlite3', 'ws', 'react', ...nodeBuiltins], 'shared/ depends on nothing but zod.')] },
      ],
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    ignores: ['electron/core/db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', '**/renderer/**'], 'The core is plain Node: no electron import.'),
            pattern(['better-sqlite3'], 'Only electron/core/db/ runs SQL.'),
            pattern(['**/simulator/**'], 'The client never shares code with the simulator, except through shared/.'),
            rawHandle,
          ],
        },
      ],
    },
  },
  {
    // The headless host serves the renderer and bridges WebSockets to the core: it reaches the core
    // only through electron/core/core.ts (and the small modules beside it), never the database.
    files: ['electron/host/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron', '**/renderer/**'], 'The host is plain Node: it serves the built renderer, it does not import it.'),
            pattern(['better-sqlite3', '**/core/db/**'], 'The host never touches the database: export what it needs through electron/core/core.ts.'),
            pattern(['**/simulator/**'], 'The host never shares code with the simulator.'),
          ],
        },
      ],
    },
  },
  {
    // Electron's main process: windows, the protocol, the utility processes. It never loads
    // better-sqlite3 (built for Node, not Electron's ABI, in development) or the simulator's code.
    files: ['electron/*.ts', 'electron/*.cts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['better-sqlite3', '**/core/db/**', '**/core/core.js'], 'Main never opens the database: the core runs in its own process (core-process.ts).'),
            pattern(['**/simulator/**'], 'Main starts the simulator as a process (training-simulator.ts); it never loads its code.'),
            pattern(['**/host/**', '**/renderer/**'], 'Main does not load the headless host or the renderer\'s code.'),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/core/db/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [pattern(['electron', '**/renderer/**', '**/simulator/**'], 'The core is plain Node.')] }],
    },
  },
  {
    files: ['electron/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [pattern(['electron', '**/core/**', '**/host/**', '**/renderer/**', '../*.js'], 'The simulator shares only shared/ with the client.')] },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-console': 'off',
    },
  },
  {
    files: ['*.js', '.ci/**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
