// ESLint flat config: the dashboard's scripts are ES modules run by browsers (the vendored
// decoders are loaded as classic scripts and reached through window.*); the tests of its pure
// modules run in Node. Run by Maven before the tests (pom.xml, js-checks profile), or `npm run lint`.
import js from '@eslint/js';
import globals from 'globals';

export default [
  { ignores: ['node_modules/', 'target/', 'bench/target/'] },
  js.configs.recommended,
  {
    files: ['src/main/webapp/**/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser },
    },
  },
  {
    // browser drivers and the latency probe: Node, with page functions that run in the browser
    files: ['src/test/firefox/**/*.mjs', 'bench/**/*.mjs'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node, ...globals.browser },
    },
  },
  {
    files: ['src/test/js/**/*.js', 'eslint.config.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.node },
    },
  },
];
