import { HttpException, HttpStatus, Inject, Injectable } from '@nestjs/common';
import Redis from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
import { APP_CONFIG, AppConfig } from '../../config';
import { REDIS, redisKey } from '../../redis/redis.module';

const SLOWDOWN_AFTER = 3;
const SLOWDOWN_STEP_MS = 250;
const SLOWDOWN_MAX_MS = 2000;
const ACCOUNT_WINDOW_SECONDS = 15 * 60;
const IP_WINDOW_SECONDS = 60 * 60;

export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfter: number) {
    super(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many failed sign-ins. Try again in ${retryAfter} seconds.`,
        retryAfter,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/**
 * Counts failed sign-ins per account name and per IP address. Failures slow the answer down,
 * then lock. Account names are counted whether or not the account exists, so the answer
 * never tells which accounts exist.
 */
@Injectable()
export class LoginThrottleService {
  private readonly byAccount: RateLimiterRedis;
  private readonly byIp: RateLimiterRedis;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
  ) {
    const { maxFailures, maxFailuresPerIp } = config.auth;
    this.byAccount = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: redisKey(config, 'login-fail', 'account'),
      points: maxFailures,
      duration: ACCOUNT_WINDOW_SECONDS,
    });
    this.byIp = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: redisKey(config, 'login-fail', 'ip'),
      points: maxFailuresPerIp,
      duration: IP_WINDOW_SECONDS,
    });
  }

  /** Throws 429 while the account or the address is locked. */
  async assertAllowed(username: string, ip: string): Promise<void> {
    const [account, address] = await Promise.all([this.byAccount.get(accountKey(username)), this.byIp.get(ip)]);
    const locked = [
      account && account.consumedPoints >= this.config.auth.maxFailures ? account.msBeforeNext : 0,
      address && address.consumedPoints >= this.config.auth.maxFailuresPerIp ? address.msBeforeNext : 0,
    ];
    const waitMs = Math.max(...locked);
    if (waitMs > 0) throw new TooManyAttemptsException(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** Records a failure; resolves after the slow-down delay the failure count earns. */
  async recordFailure(username: string, ip: string): Promise<void> {
    const key = accountKey(username);
    const [account] = await Promise.all([
      this.byAccount.penalty(key, 1),
      this.byIp.penalty(ip, 1).then(async (address) => {
        if (address.consumedPoints >= this.config.auth.maxFailuresPerIp) await this.byIp.block(ip, IP_WINDOW_SECONDS);
      }),
    ]);
    if (account.consumedPoints >= this.config.auth.maxFailures) {
      await this.byAccount.block(key, this.config.auth.lockSeconds);
      return;
    }
    const delay = Math.min(SLOWDOWN_MAX_MS, Math.max(0, account.consumedPoints - SLOWDOWN_AFTER) * SLOWDOWN_STEP_MS);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }

  async recordSuccess(username: string): Promise<void> {
    await this.byAccount.delete(accountKey(username));
  }
}

function accountKey(username: string): string {
  return username.trim().toLowerCase();
}
