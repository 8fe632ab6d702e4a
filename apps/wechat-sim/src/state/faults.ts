/** Endpoints that faults can target. */
export const FAULT_ENDPOINTS = [
  'token',
  'stable_token',
  'send',
  'typing',
  'media_upload',
  'media_get',
] as const;

export type FaultEndpoint = (typeof FAULT_ENDPOINTS)[number];

export interface FaultSpec {
  endpoint: FaultEndpoint;
  /** How many of the next calls are affected (default 1). */
  times?: number;
  /** Answer HTTP 200 with this errcode (e.g. -1, 45009, 45011). */
  errcode?: number;
  errmsg?: string;
  /** Answer with this HTTP status (e.g. 500, 502, 503) and a plain-text body. */
  httpStatus?: number;
  /** Wait this long before answering (combined with errcode/httpStatus, or before normal handling). */
  delayMs?: number;
}

export interface ActiveFault extends Required<Pick<FaultSpec, 'endpoint'>> {
  remaining: number;
  errcode?: number;
  errmsg?: string;
  httpStatus?: number;
  delayMs?: number;
}

export function isFaultEndpoint(value: unknown): value is FaultEndpoint {
  return typeof value === 'string' && (FAULT_ENDPOINTS as readonly string[]).includes(value);
}

/** Queued faults per endpoint; each call consumes one unit of the oldest fault. */
export class FaultQueue {
  private readonly faults: ActiveFault[] = [];

  inject(spec: FaultSpec): void {
    if (!isFaultEndpoint(spec.endpoint)) throw new TypeError(`endpoint must be one of ${FAULT_ENDPOINTS.join(', ')}`);
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new TypeError('times must be a positive integer');
    if (spec.httpStatus !== undefined && (spec.httpStatus < 400 || spec.httpStatus > 599)) {
      throw new TypeError('httpStatus must be 4xx or 5xx');
    }
    if (spec.errcode === undefined && spec.httpStatus === undefined && spec.delayMs === undefined) {
      throw new TypeError('a fault needs errcode, httpStatus or delayMs');
    }
    this.faults.push({
      endpoint: spec.endpoint,
      remaining: times,
      errcode: spec.errcode,
      errmsg: spec.errmsg,
      httpStatus: spec.httpStatus,
      delayMs: spec.delayMs,
    });
  }

  take(endpoint: FaultEndpoint): ActiveFault | undefined {
    const index = this.faults.findIndex((fault) => fault.endpoint === endpoint);
    if (index < 0) return undefined;
    const fault = this.faults[index];
    fault.remaining--;
    if (fault.remaining === 0) this.faults.splice(index, 1);
    return { ...fault };
  }

  pending(): ActiveFault[] {
    return this.faults.map((fault) => ({ ...fault }));
  }

  clear(): void {
    this.faults.length = 0;
  }
}
