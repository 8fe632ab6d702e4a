#!/usr/bin/env node
'use strict';

let cli;
try {
  cli = require('../dist/cli.js');
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND') {
    process.stderr.write('kefu-wechat: not built yet; run `npx nx run @kefu/wechat:build` first\n');
    process.exit(1);
  }
  throw error;
}
cli.main();
