import { randomUUID } from 'node:crypto';
import { IncomingMessage } from 'node:http';
import { Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '../config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it looks sane, otherwise makes one. */
export function requestId(request: IncomingMessage): string {
  const given = request.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

@Module({
  imports: [
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          // The webhook logs each refused push itself, once; accepted pushes are counted, not logged.
          // (Middleware sees the path in originalUrl: middie strips its mount path from url.)
          autoLogging: {
            ignore: (request) => ((request as { originalUrl?: string }).originalUrl ?? request.url ?? '').startsWith('/wechat/'),
          },
          genReqId: (request) => (request as { id?: string }).id ?? requestId(request),
          redact: {
            paths: [
              'req.headers.authorization',
              'req.headers.cookie',
              'res.headers["set-cookie"]',
              '*.password',
              '*.secret',
              '*.appSecret',
              '*.encodingAesKey',
              '*.refreshToken',
            ],
            censor: '[redacted]',
          },
          customLogLevel: (request, response, error) => {
            if (/^\/(health|metrics)/.test(request.url ?? '')) return 'silent';
            if (error || response.statusCode >= 500) return 'error';
            return response.statusCode >= 400 ? 'warn' : 'info';
          },
          serializers: {
            res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            req: (req: { id: string; method: string; url: string }) => ({
              id: req.id,
              method: req.method,
              url: req.url?.replace(/([?&](?:access_token|echostr)=)[^&]*/g, '$1[redacted]'),
            }),
          },
        },
      }),
    }),
  ],
})
export class LoggingModule {}
