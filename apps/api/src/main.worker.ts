import 'reflect-metadata';
import { createWorkerApp } from './bootstrap';
import { loadConfig } from './config';
import { exitOnStartupError } from './start-errors';

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, ROLE: 'worker' });
  await createWorkerApp(config);
}

main().catch(exitOnStartupError);
