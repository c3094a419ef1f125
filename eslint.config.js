// Lint rules that keep the pipeline one-way: the pure middle (feeds, text, match, dedup,
// commands) never reaches into stores, platforms, the scheduler or delivery, platforms never
// import each other, and no module imports in a cycle.
import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import importPlugin from 'eslint-plugin-import';
import tseslint from 'typescript-eslint';

const elements = [
  { type: 'domain', pattern: 'src/domain' },
  { type: 'config', pattern: 'src/config' },
  { type: 'feeds', pattern: 'src/feeds' },
  { type: 'text', pattern: 'src/text' },
  { type: 'match', pattern: 'src/match' },
  { type: 'dedup', pattern: 'src/dedup' },
  { type: 'commands', pattern: 'src/commands' },
  // A store backend (listed before 'store', so its folder matches it first) is reached only from
  // the wiring (app.ts, cli/): everyone else types against the concern interfaces in 'store'.
  { type: 'store-sqlite', pattern: 'src/store/sqlite' },
  { type: 'store-postgres', pattern: 'src/store/postgres' },
  { type: 'store', pattern: 'src/store' },
  { type: 'platform-core', pattern: 'src/platforms/platform.ts', mode: 'file' },
  // What each platform folder exports (platform-module.ts), and the one list of them (modules.ts).
  { type: 'platform-module', pattern: 'src/platforms/platform-module.ts', mode: 'file' },
  { type: 'platform-list', pattern: 'src/platforms/modules.ts', mode: 'file' },
  { type: 'platform', pattern: 'src/platforms/*', capture: ['name'] },
  { type: 'render', pattern: 'src/render' },
  { type: 'pipeline', pattern: 'src/pipeline' },
  // The one backoff curve (pure): delivery, the feed poll schedule and platform reconnects share it.
  { type: 'backoff', pattern: 'src/deliver/backoff.ts', mode: 'file' },
  { type: 'deliver', pattern: 'src/deliver' },
  { type: 'scheduler', pattern: 'src/scheduler' },
  { type: 'observability', pattern: 'src/observability' },
  { type: 'web', pattern: 'src/web' },
  { type: 'cli', pattern: 'src/cli' },
  { type: 'demo', pattern: 'src/demo' },
  { type: 'root', pattern: 'src/*.ts', mode: 'file' },
];

const pure = ['domain', 'text', 'match', 'dedup', 'feeds'];

export default tseslint.config(
  // dist/ is tsc's output of src/ (npm run build).
  { ignores: ['node_modules/', 'data/', 'coverage/', 'dist/'] },
  // bin/herald.js and the bench's plain readers (no TypeScript loader start-up to measure) run in Node.
  { files: ['bin/**/*.js', 'bench/**/*.js'], languageOptions: { globals: { process: 'readonly', URL: 'readonly', console: 'readonly', Buffer: 'readonly' } } },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { boundaries, import: importPlugin },
    settings: {
      'boundaries/elements': elements,
      'boundaries/include': ['src/**/*.ts'],
      'import/resolver': { node: { extensions: ['.ts', '.js'] } },
      // Without these the plugin cannot read the TypeScript files it follows, and finds no cycles.
      'import/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import/extensions': ['.ts', '.js'],
    },
    rules: {
      // A cycle through an await import() is allowed: the module behind it loads after every
      // static import finished. config/ reads the platform list (platforms/modules.ts), whose
      // modules load their SDK code, which uses config, only that way.
      'import/no-cycle': ['error', { ignoreExternal: true, allowUnsafeDynamicCyclicDependency: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'boundaries/element-types': [
        'error',
        {
          default: 'disallow',
          rules: [
            { from: 'domain', allow: ['domain'] },
            // config composes each platform's env and config parts from the list (platforms/modules.ts).
            { from: 'config', allow: ['domain', 'config', 'text', 'match', 'platform-list'] },
            { from: 'text', allow: ['domain', 'text'] },
            { from: 'match', allow: ['domain', 'match', 'text'] },
            { from: 'dedup', allow: ['domain', 'dedup', 'text'] },
            // feeds/ reads and normalizes a feed; which story an item joins is dedup's, after it.
            { from: 'feeds', allow: ['domain', 'text', 'match', 'feeds', 'config'] },
            { from: 'commands', allow: [...pure, 'commands', 'config', 'store', 'platform-core'] },
            { from: 'store', allow: ['domain', 'store'] },
            { from: 'store-sqlite', allow: ['domain', 'store', 'store-sqlite'] },
            { from: 'store-postgres', allow: ['domain', 'store', 'store-postgres'] },
            { from: 'observability', allow: ['domain', 'observability', 'config', 'store'] },
            { from: 'platform-core', allow: ['domain'] },
            { from: 'backoff', allow: [] },
            { from: 'render', allow: ['domain', 'text', 'render'] },
            { from: 'platform-module', allow: ['domain', 'config', 'commands', 'observability', 'platform-core'] },
            { from: 'platform-list', allow: ['platform-module', 'platform'] },
            { from: 'platform', allow: [...pure, 'config', 'platform-core', 'platform-module', 'render', 'backoff', 'commands', 'observability', ['platform', { name: '${from.name}' }]] },
            { from: 'pipeline', allow: [...pure, 'config', 'store', 'pipeline', 'backoff', 'observability'] },
            { from: 'deliver', allow: ['domain', 'config', 'store', 'platform-core', 'deliver', 'backoff', 'observability'] },
            { from: 'scheduler', allow: ['domain', 'config', 'store', 'pipeline', 'deliver', 'scheduler', 'observability'] },
            // The web panel reads and changes through the same store and command handlers as chat.
            { from: 'web', allow: [...pure, 'config', 'store', 'commands', 'observability', 'web'] },
            // The composition layer (app.ts, the CLI, the demo) may wire anything together.
            { from: 'root', allow: ['*'] },
            { from: 'cli', allow: ['*'] },
            { from: 'demo', allow: ['*'] },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
