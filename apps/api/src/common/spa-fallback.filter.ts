import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArgumentsHost, Catch, ExceptionFilter, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';

const SERVER_PATHS = /^\/(api|health|metrics|wechat)(\/|$|\?)/;

/** Unknown paths outside the api answer with the console's index.html, so its routes survive a reload. */
@Catch(NotFoundException)
export class SpaFallbackFilter implements ExceptionFilter {
  private readonly indexHtml: string | undefined;

  constructor(adminDistDir: string) {
    const index = join(adminDistDir, 'index.html');
    this.indexHtml = existsSync(index) ? readFileSync(index, 'utf8') : undefined;
  }

  catch(exception: NotFoundException, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const wantsPage = request.method === 'GET' && !SERVER_PATHS.test(request.url) && this.indexHtml;
    if (wantsPage) {
      void reply.status(200).header('content-type', 'text/html; charset=utf-8').send(this.indexHtml);
      return;
    }
    void reply.status(404).send(exception.getResponse());
  }
}
