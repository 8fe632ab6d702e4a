export type AppKind = 'miniprogram' | 'official_account';

export interface AppRegistration {
  appId: string;
  secret: string;
  kind: AppKind;
  /** `gh_…`, the ToUserName of pushes (default: derived from the appId). */
  originalId?: string;
  /** When set, token calls from other IPs answer 40164. */
  ipWhitelist?: string[];
}

export interface RegisteredApp extends Required<Omit<AppRegistration, 'ipWhitelist'>> {
  ipWhitelist?: string[];
}

export function isAppKind(value: unknown): value is AppKind {
  return value === 'miniprogram' || value === 'official_account';
}

export class AppRegistry {
  private readonly apps = new Map<string, RegisteredApp>();

  register(registration: AppRegistration): RegisteredApp {
    if (!registration.appId || !registration.secret) throw new TypeError('appId and secret are required');
    if (!isAppKind(registration.kind)) throw new TypeError(`kind must be miniprogram or official_account`);
    const app: RegisteredApp = {
      appId: registration.appId,
      secret: registration.secret,
      kind: registration.kind,
      originalId: registration.originalId ?? `gh_${registration.appId.replace(/^wx/, '').slice(0, 12).padEnd(12, '0')}`,
      ipWhitelist: registration.ipWhitelist,
    };
    this.apps.set(app.appId, app);
    return app;
  }

  get(appId: string): RegisteredApp | undefined {
    return this.apps.get(appId);
  }

  list(): RegisteredApp[] {
    return [...this.apps.values()];
  }

  /** WeChat's whitelist sees IPv4 callers both as `x.x.x.x` and `::ffff:x.x.x.x`. */
  allowsIp(app: RegisteredApp, ip: string): boolean {
    if (!app.ipWhitelist) return true;
    const ipv4 = ip.replace(/^::ffff:/, '');
    return app.ipWhitelist.some((allowed) => allowed === ip || allowed === ipv4);
  }
}
