/** The deadline passed before the work ended (or, waiting for a slot, before it began). */
export class DeadlineExceeded extends Error {
  constructor() {
    super('deadline exceeded');
    this.name = 'DeadlineExceeded';
  }
}

/**
 * Lets at most `limit` calls run at once; the others wait in arrival order. A call whose deadline passes
 * while it waits is dropped without running; one whose deadline passes while it runs is answered at once
 * but keeps its slot until it ends, since the database is still busy with it.
 */
export class DispatchGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  get queued(): number {
    return this.waiting.length;
  }

  run<T>(work: () => Promise<T>, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        outcome();
      };
      const start = () => {
        this.running++;
        let result: Promise<T>;
        try {
          result = work();
        } catch (error) {
          result = Promise.reject(error);
        }
        result
          .then(
            (value) => settle(() => resolve(value)),
            (error: unknown) => settle(() => reject(error)),
          )
          .finally(() => {
            this.running--;
            this.waiting.shift()?.();
          });
      };
      const timer = setTimeout(() => {
        const index = this.waiting.indexOf(start);
        if (index >= 0) this.waiting.splice(index, 1);
        settle(() => reject(new DeadlineExceeded()));
      }, timeoutMs);
      if (this.running < this.limit) start();
      else this.waiting.push(start);
    });
  }
}
