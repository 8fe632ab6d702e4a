export interface SimClockOptions {
  /** Epoch milliseconds the clock starts at (default: the real time). */
  startAt?: number;
  /** A frozen clock only moves through `advance`; otherwise it follows real time plus every advance. */
  frozen?: boolean;
}

/** The simulator's notion of "now": windows, token lifetimes and media expiry all read it. */
export class SimClock {
  private readonly frozen: boolean;
  private offsetMs: number;

  constructor(options: SimClockOptions = {}) {
    this.frozen = options.frozen ?? false;
    const start = options.startAt ?? Date.now();
    this.offsetMs = this.frozen ? start : start - Date.now();
  }

  now(): number {
    return this.frozen ? this.offsetMs : Date.now() + this.offsetMs;
  }

  nowSeconds(): number {
    return Math.floor(this.now() / 1000);
  }

  advance(ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward by a finite number of ms');
    this.offsetMs += ms;
    return this.now();
  }
}
