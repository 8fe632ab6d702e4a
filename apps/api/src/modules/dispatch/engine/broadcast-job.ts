import type { CommandMessage } from '../commands/parse-command';

/** Data of a `broadcast` job (C7): one message to every customer of the tenant whose window is open. */
export interface BroadcastJob {
  tenantId: string;
  agentId: string;
  /** The channel the admin wrote from; the result is reported there. */
  channelId: string;
  message: CommandMessage;
}
