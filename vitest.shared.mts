import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('.', import.meta.url));

/** Tests import the workspace libraries from source, so no build is needed to run them. */
export const workspaceAliases = {
  '@kefu/contracts': `${root}libs/contracts/src/index.ts`,
  '@kefu/wechat': `${root}libs/wechat/src/index.ts`,
  '@kefu/wechat-sim': `${root}apps/wechat-sim/src/index.ts`,
};
