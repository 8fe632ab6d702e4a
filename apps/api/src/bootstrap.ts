import { existsSync } from 'node:fs';
import helmet from '@fastify/helmet';
import fastifyStatic from '@fastify/static';
import { ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { requestId } from './logging/logging.module';
import { SpaFallbackFilter } from './common/spa-fallback.filter';
import { AppConfig } from './config';
import { ensureDatabase, ensureRedis } from './database/preflight';
import { MetricsService } from './metrics/metrics.service';
import { UsersService } from './modules/tenants/users.service';
import { prepareWebhookRoute } from './modules/webhook/webhook-route';
import { WebhookService } from './modules/webhook/webhook.service';

const BODY_LIMIT = 1024 * 1024;

async function prepare(config: AppConfig): Promise<void> {
  await Promise.all([ensureDatabase(config), ensureRedis(config)]);
}

/** Builds the HTTP application (and, with ROLE=all, its queue processors) without listening. */
export async function createHttpApp(config: AppConfig): Promise<NestFastifyApplication> {
  await prepare(config);
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT, trustProxy: false, genReqId: requestId });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRole(config), adapter, {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  // Before helmet, which then leaves the push route alone (see prepareWebhookRoute).
  const webhook = app.get(WebhookService);
  prepareWebhookRoute(app.getHttpAdapter().getInstance(), (channelId, status) => webhook.refusedBeforeHandling(channelId, status));

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design writes its styles at run time; Swagger UI needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https:'],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        // Installs are often reached over plain http inside a company network.
        upgradeInsecureRequests: null,
      },
    },
  });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new SpaFallbackFilter(config.adminDistDir));
  observeRequests(app);
  serveConsole(app, config);
  mountApiDocs(app);

  await app.init();
  await app.get(UsersService).ensureSuperadmin();
  return app;
}

/** Builds the worker: queue processors only, no HTTP. */
export async function createWorkerApp(config: AppConfig) {
  await prepare(config);
  const app = await NestFactory.createApplicationContext(AppModule.forRole(config), {
    bufferLogs: true,
    abortOnError: false,
  });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.init();
  await app.get(UsersService).ensureSuperadmin();
  return app;
}

function observeRequests(app: NestFastifyApplication): void {
  const metrics = app.get(MetricsService);
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', (request, reply, done) => {
    // pino-http takes the id from the raw request, so logs and the answer carry the same one.
    (request.raw as { id?: string }).id = request.id;
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
      const route = request.routeOptions.url ?? 'unmatched';
      metrics.httpRequests.inc({ method: request.method, route, status: String(reply.statusCode) });
      metrics.httpDuration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
      done();
    });
}

function serveConsole(app: NestFastifyApplication, config: AppConfig): void {
  if (!existsSync(config.adminDistDir)) return;
  void app.register(fastifyStatic, { root: config.adminDistDir, prefix: '/', wildcard: false, index: ['index.html'] });
}

function mountApiDocs(app: NestFastifyApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kefu Relay API')
      .setDescription('Customer service relay for WeChat mini-programs and official accounts')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
