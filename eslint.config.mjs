// Lint rules for the whole workspace. Module boundaries follow docs/architecture.md:
// apps are composition roots over libs; the model depends on nothing; I/O clients
// are imported only by their adapters; the query app cannot reach Kafka code.
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

const onlyInAdapter = (pkg, adapterGlob) => ({
  files: ['**/*.ts'],
  ignores: [adapterGlob],
  rules: {
    'no-restricted-imports': [
      'error',
      { paths: [{ name: pkg, message: `${pkg} may be imported only in ${adapterGlob}.` }] },
    ],
  },
});

// Which libraries each kind of project may use. Tests may also use the test harness and the
// storage conformance suite (type:testing); production code may not.
function boundaries(extraForTests) {
  const lib = (...tags) => [...tags, ...extraForTests];
  return {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:app', onlyDependOnLibsWithTags: lib('type:model', 'type:idl', 'type:translate', 'type:port', 'type:adapter', 'type:queue', 'type:platform', 'type:feature') },
      // Features (receivers, query API, sampling) are what apps compose; they reach I/O only through ports.
      { sourceTag: 'type:feature', onlyDependOnLibsWithTags: lib('type:model', 'type:idl', 'type:translate', 'type:port', 'type:queue', 'type:platform') },
      { sourceTag: 'app:query', notDependOnLibsWithTags: ['io:kafka'], bannedExternalImports: ['kafkajs'] },
      { sourceTag: 'type:model', onlyDependOnLibsWithTags: [], bannedExternalImports: ['*'] },
      { sourceTag: 'type:idl', onlyDependOnLibsWithTags: lib() },
      { sourceTag: 'type:platform', onlyDependOnLibsWithTags: lib() },
      { sourceTag: 'type:translate', onlyDependOnLibsWithTags: lib('type:model', 'type:idl') },
      { sourceTag: 'type:port', onlyDependOnLibsWithTags: lib('type:model') },
      { sourceTag: 'type:queue', onlyDependOnLibsWithTags: lib('type:model', 'type:port', 'type:platform') },
      { sourceTag: 'type:adapter', onlyDependOnLibsWithTags: lib('type:model', 'type:idl', 'type:translate', 'type:port', 'type:queue', 'type:platform') },
      { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:model', 'type:port', 'type:platform', 'type:testing'] },
    ],
  };
}

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/node_modules', '**/dist', '**/.nx', 'libs/idl/src/generated/**', 'deploy/**', 'bench/.work/**', '**/*.js', '**/*.mjs', '**/*.cjs'],
  },
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@nx/enforce-module-boundaries': ['error', boundaries([])],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Use named exports (no export *).' },
        { selector: 'ExportDefaultDeclaration', message: 'Use named exports (no default export).' },
      ],
      'no-console': 'error',
    },
  },
  // Only main.ts (the composition edge) reads process.env; tests and tooling may too.
  {
    files: ['apps/*/src/**/*.ts', 'libs/**/src/**/*.ts'],
    ignores: ['apps/*/src/main.ts', '**/*.spec.ts', 'libs/test-infra/**'],
    rules: {
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Only apps/*/src/main.ts reads process.env; pass config in.' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': ['error', boundaries(['type:testing', 'type:adapter'])] },
  },
  onlyInAdapter('kafkajs', 'libs/queue/kafka/**'),
  onlyInAdapter('@elastic/elasticsearch', 'libs/storage/elasticsearch/**'),
  {
    files: ['**/*.spec.ts', 'libs/test-infra/**/*.ts', 'bench/**/*.ts', 'tools/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
];
