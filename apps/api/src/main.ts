import 'reflect-metadata';
import { createHttpApp } from './bootstrap';
import { loadConfig } from './config';
import { exitOnStartupError } from './start-errors';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createHttpApp(config);
  await app.listen({ port: config.http.port, host: config.http.host });
}

main().catch(exitOnStartupError);
