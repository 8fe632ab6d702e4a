import { z } from 'zod';

const DEVELOPMENT_SECRET_KEY = 'development-only-secret-key-change-me-in-production';

const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `must be a whole number from ${min} to ${max}` })
    .int(`must be a whole number from ${min} to ${max}`)
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);
const port = wholeNumber(1, 65535);
const url = (protocols: string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}`);

/** Every environment variable the system reads. Nothing else reads process.env. */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    ROLE: z.enum(['api', 'worker', 'all']).default('all'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: port.default(3000),
    PUBLIC_BASE_URL: url(['http:', 'https:']).optional(),
    DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/kefu'),
    REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379'),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits and _ . : -')
      .default('kefu'),
    WECHAT_API_BASE_URL: url(['http:', 'https:']).default('https://api.weixin.qq.com'),
    SECRET_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    SUPERADMIN_USERNAME: z.string().min(3).max(64).default('admin'),
    SUPERADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
    ACCESS_TOKEN_TTL_SECONDS: wholeNumber(60, 86400).default(900),
    REFRESH_TOKEN_TTL_SECONDS: wholeNumber(300).default(30 * 86400),
    LOGIN_MAX_FAILURES: wholeNumber(1).default(10),
    LOGIN_LOCK_SECONDS: wholeNumber(1).default(900),
    LOGIN_MAX_FAILURES_PER_IP: wholeNumber(1).default(100),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ADMIN_DIST_DIR: z.string().optional(),
    WORKER_QUEUES: z.string().optional(),
    WEBHOOK_MAX_SKEW_SECONDS: wholeNumber(0, 7 * 86400).default(300),
    SANDBOX: z.enum(['auto', 'on', 'off']).default('auto'),
    SANDBOX_SIM_PORT: wholeNumber(0, 65535).default(0),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.SECRET_KEY) {
      ctx.addIssue({ code: 'custom', path: ['SECRET_KEY'], message: 'is required in production' });
    }
    if (env.SANDBOX === 'on' && env.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['SANDBOX'], message: 'must not be "on" in production: the sandbox plays WeChat itself' });
    }
    if (env.SANDBOX === 'on' && env.ROLE !== 'all') {
      ctx.addIssue({ code: 'custom', path: ['SANDBOX'], message: 'needs ROLE=all: its WeChat simulator runs inside the one process' });
    }
  })
  .transform((env) => ({ ...env, SECRET_KEY: env.SECRET_KEY ?? DEVELOPMENT_SECRET_KEY }));

export type Env = z.infer<typeof envSchema>;
