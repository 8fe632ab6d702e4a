import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// The api's modules depend one way: sandbox, webhook → dispatch → {knowledge, tenants, licensing}. A module reaches
// another only through its exported service, never its entities or job processors.
const API_MODULES = ['sandbox', 'webhook', 'dispatch', 'knowledge', 'tenants', 'licensing'];
const MAY_USE = {
  sandbox: ['dispatch', 'knowledge', 'tenants', 'licensing'],
  webhook: ['dispatch', 'knowledge', 'tenants', 'licensing'],
  dispatch: ['knowledge', 'tenants', 'licensing'],
  knowledge: ['tenants', 'licensing'],
  tenants: ['licensing'],
  licensing: ['tenants'],
};
const apiModuleBoundaries = API_MODULES.map((module) => ({
  files: [`apps/api/src/modules/${module}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: API_MODULES.filter((other) => other !== module).flatMap((other) =>
          MAY_USE[module].includes(other)
            ? [
                {
                  group: [`**/${other}/entities/**`, `**/${other}/jobs/**`],
                  message: `Use the ${other} module's exported service, not its entities or jobs.`,
                },
              ]
            : [{ group: [`**/${other}/**`, `**/${other}`], message: `The ${module} module must not depend on ${other}.` }],
        ),
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '**/.nx/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.mts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'scope:sim'] },
            { sourceTag: 'scope:admin', onlyDependOnLibsWithTags: ['scope:contracts'] },
            { sourceTag: 'scope:contracts', onlyDependOnLibsWithTags: [] },
          ],
        },
      ],
    },
  },
  {
    files: ['apps/admin/**/*.ts', 'apps/admin/**/*.tsx'],
    ...reactHooks.configs.flat.recommended,
    languageOptions: { globals: globals.browser },
    rules: {
      ...reactHooks.configs.flat.recommended.rules,
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  ...apiModuleBoundaries,
  {
    // The sandbox runs the WeChat simulator (an app) inside the api, loaded only when the sandbox is on.
    files: ['apps/api/src/modules/sandbox/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@kefu/wechat-sim'],
          depConstraints: [{ sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib', 'scope:sim'] }],
        },
      ],
    },
  },
  {
    // End-to-end tests drive the whole system against the WeChat simulator, which is an app.
    files: ['apps/*/test/**/*.ts', 'apps/admin-e2e/src/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', { allow: ['@kefu/wechat-sim'], depConstraints: [{ sourceTag: '*', onlyDependOnLibsWithTags: ['*'] }] }],
    },
  },
);
