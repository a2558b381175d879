// n8n's own community-node lint (@n8n/eslint-plugin-community-nodes, the
// rules of `n8n-node lint`), on the package's source and package.json.
// `npm run lint`; js/run-tests.sh node (and so CI) runs it.
//
// The base is the plugin's `recommendedWithoutN8nCloudSupport`: the Cloud
// rules (no-restricted-imports, no-restricted-globals) refuse node:fs,
// node:worker_threads, process, timers, which a WebAssembly node needs (see
// js/README.md, "What n8n's verification would refuse"). Rules turned off
// below do not fit a node whose description is its component's describe():
// each says why.
import { configs } from '@n8n/eslint-plugin-community-nodes';
import tsParser from '@typescript-eslint/parser';

const base = configs.recommendedWithoutN8nCloudSupport;

export default [
  { ignores: ['dist/**', 'component/**', 'src/test/**', 'eslint.config.mjs', 'build.mjs'] },
  {
    files: ['src/**/*.ts', 'package.json'],
    languageOptions: { parser: tsParser },
    plugins: base.plugins,
    rules: {
      ...base.rules,
      // They look for a literal `icon` in the class; ours is describe()'s, converted
      // (file:, light and dark; test/description.test.ts and the browser test check it).
      '@n8n/community-nodes/icon-validation': 'off',
      '@n8n/community-nodes/cred-class-field-icon-missing': 'off',
      // They flag errors thrown while n8n loads the node (a component whose
      // describe() cannot be converted), where there is no node to attach a
      // NodeApiError to; every error of a run is a NodeApiError / NodeOperationError.
      '@n8n/community-nodes/require-node-api-error': 'off',
      // The package has no published author yet (valid-author wants a name and an email).
      '@n8n/community-nodes/valid-author': 'off',
    },
  },
];
