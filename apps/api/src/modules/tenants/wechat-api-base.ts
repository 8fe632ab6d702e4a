import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config';

/**
 * Where each WeChat app's API answers: WECHAT_API_BASE_URL, unless the app is routed elsewhere
 * (the sandbox routes its demo app to the WeChat simulator in the process). Every call to WeChat
 * takes its address from here.
 */
@Injectable()
export class WechatApiBase {
  private readonly routes = new Map<string, string>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  for(appId: string): string {
    return this.routes.get(appId.toLowerCase()) ?? this.config.wechat.apiBaseUrl;
  }

  route(appId: string, baseUrl: string): void {
    this.routes.set(appId.toLowerCase(), baseUrl.replace(/\/+$/, ''));
  }

  unroute(appId: string): void {
    this.routes.delete(appId.toLowerCase());
  }
}
