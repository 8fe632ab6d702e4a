/** What one user's phone received: an accepted custom/send call. */
export interface InboxEntry {
  appId: string;
  openid: string;
  msgtype: string;
  /** The request body as the relay sent it, parsed. */
  message: Record<string, unknown>;
  /** Sim clock time of acceptance, epoch ms. */
  at: number;
}

export class Inbox {
  private readonly entries: InboxEntry[] = [];

  record(entry: InboxEntry): void {
    this.entries.push(entry);
  }

  /** Everything an app delivered, optionally for one openid, oldest first. */
  list(appId?: string, openid?: string): InboxEntry[] {
    return this.entries.filter(
      (entry) => (appId === undefined || entry.appId === appId) && (openid === undefined || entry.openid === openid),
    );
  }

  clear(): void {
    this.entries.length = 0;
  }
}
