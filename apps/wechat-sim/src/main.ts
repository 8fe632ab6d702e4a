import { startWechatSim } from './sim';
import type { AppRegistration } from './state/apps';

/** Apps to register at start, e.g. SIM_APPS='[{"appId":"wx…","secret":"…","kind":"miniprogram"}]'. */
function appsFromEnvironment(): AppRegistration[] {
  const raw = process.env['SIM_APPS'];
  if (!raw) return [];
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed)) throw new TypeError('SIM_APPS must be a JSON array');
  return parsed as AppRegistration[];
}

async function main(): Promise<void> {
  const port = Number(process.env['SIM_PORT'] ?? 4000);
  const host = process.env['SIM_HOST'] ?? '127.0.0.1';
  const tokenTtl = process.env['SIM_TOKEN_TTL_SECONDS'];
  const sim = await startWechatSim({
    port,
    host,
    apps: appsFromEnvironment(),
    tokenTtlSeconds: tokenTtl ? Number(tokenTtl) : undefined,
    logger: process.env['SIM_LOG'] === '1',
  });
  console.log(`wechat-sim listening on ${sim.url} (control API at ${sim.url}/__sim)`);
  const stop = () => {
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
