import { defineConfig } from 'vitest/config';
import { workspaceAliases } from '../../vitest.shared.mts';

export default defineConfig({
  resolve: { alias: workspaceAliases },
  test: { include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'], testTimeout: 20000 },
});
