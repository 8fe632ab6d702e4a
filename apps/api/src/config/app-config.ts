import { resolve } from 'node:path';
import { envSchema } from './config.schema';

export type Role = 'api' | 'worker' | 'all';

export interface AppConfig {
  env: 'development' | 'production' | 'test';
  role: Role;
  http: { host: string; port: number; publicBaseUrl: string };
  database: { url: string };
  redis: { url: string; prefix: string };
  wechat: { apiBaseUrl: string };
  secretKey: string;
  usesDevelopmentSecretKey: boolean;
  superadmin: { username: string; password?: string };
  auth: {
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    maxFailures: number;
    lockSeconds: number;
    maxFailuresPerIp: number;
  };
  logLevel: string;
  adminDistDir: string;
  workerQueues: string[] | 'all';
  /** Pushes whose timestamp is further than this from now are refused; 0 accepts any. */
  webhook: { maxSkewSeconds: number };
  /** The demo tenant with WeChat simulated in-process; `auto`: in development while no real channel exists. */
  sandbox: { mode: 'auto' | 'on' | 'off'; simPort: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the environment, reporting every bad variable at once. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const value = source[name];
        const shown = value === undefined || /SECRET|PASSWORD/.test(name) ? '' : ` (got ${JSON.stringify(value)})`;
        return `${name} ${issue.message}${shown}`;
      }),
    );
  }
  const env = parsed.data;
  return {
    env: env.NODE_ENV,
    role: env.ROLE,
    http: {
      host: env.HOST,
      port: env.PORT,
      publicBaseUrl: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    },
    database: { url: env.DATABASE_URL },
    redis: { url: env.REDIS_URL, prefix: env.REDIS_PREFIX },
    wechat: { apiBaseUrl: env.WECHAT_API_BASE_URL.replace(/\/+$/, '') },
    secretKey: env.SECRET_KEY,
    usesDevelopmentSecretKey: source.SECRET_KEY === undefined,
    superadmin: { username: env.SUPERADMIN_USERNAME, password: env.SUPERADMIN_PASSWORD },
    auth: {
      accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
      refreshTokenTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
      maxFailures: env.LOGIN_MAX_FAILURES,
      lockSeconds: env.LOGIN_LOCK_SECONDS,
      maxFailuresPerIp: env.LOGIN_MAX_FAILURES_PER_IP,
    },
    logLevel: env.LOG_LEVEL,
    adminDistDir: env.ADMIN_DIST_DIR ?? resolve(__dirname, '../../../admin/dist'),
    workerQueues: env.WORKER_QUEUES ? env.WORKER_QUEUES.split(',').map((q) => q.trim()).filter(Boolean) : 'all',
    webhook: { maxSkewSeconds: env.WEBHOOK_MAX_SKEW_SECONDS },
    sandbox: { mode: env.SANDBOX, simPort: env.SANDBOX_SIM_PORT },
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
