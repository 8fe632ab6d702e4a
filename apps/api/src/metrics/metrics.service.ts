import { Injectable } from '@nestjs/common';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One Prometheus registry per application; modules register their own metrics here. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDuration: Histogram<'method' | 'route'>;
  readonly webhookPushes: Counter<'result'>;
  readonly webhookDuration: Histogram<'outcome'>;
  readonly webhookHandshakes: Counter<'result'>;
  /** Outbound messages by how their delivery ended: sent, retry, held, failed, unconfirmed, expired. */
  readonly outboundMessages: Counter<'recipient' | 'result'>;

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kefu_' });
    this.httpRequests = new Counter({
      name: 'kefu_http_requests_total',
      help: 'HTTP requests answered, by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [this.registry],
    });
    this.httpDuration = new Histogram({
      name: 'kefu_http_request_duration_seconds',
      help: 'Time to answer HTTP requests',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [this.registry],
    });
    this.webhookPushes = new Counter({
      name: 'kefu_webhook_pushes_total',
      help: 'WeChat pushes answered, by result: accepted, duplicate, or why they were refused',
      labelNames: ['result'],
      registers: [this.registry],
    });
    this.webhookDuration = new Histogram({
      name: 'kefu_webhook_push_duration_seconds',
      help: 'Time from a push arriving to its answer, by outcome (accepted, refused, failed)',
      labelNames: ['outcome'],
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.webhookHandshakes = new Counter({
      name: 'kefu_webhook_handshakes_total',
      help: 'WeChat push-URL handshakes answered, by result',
      labelNames: ['result'],
      registers: [this.registry],
    });
    this.outboundMessages = new Counter({
      name: 'kefu_outbound_messages_total',
      help: 'Outbound messages by recipient kind and delivery result',
      labelNames: ['recipient', 'result'],
      registers: [this.registry],
    });
  }
}
