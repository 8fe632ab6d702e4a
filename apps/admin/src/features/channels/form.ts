import type { Channel, ChannelFormat, ChannelKind, ChannelMode, CreateChannelRequest, UpdateChannelRequest } from '@kefu/contracts';

export interface ChannelFormValues {
  kind: ChannelKind;
  name: string;
  originalId: string;
  appId: string;
  /** Empty when editing: the stored secret stays. */
  appSecret: string;
  mode: ChannelMode;
  format: ChannelFormat;
}

export const NEW_CHANNEL: ChannelFormValues = {
  kind: 'miniprogram',
  name: '',
  originalId: '',
  appId: '',
  appSecret: '',
  mode: 'secure',
  format: 'json',
};

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** The largest multiple of 62 a byte can hold: bytes above it are drawn again, so every letter is as likely. */
const UNBIASED_BELOW = 256 - (256 % ALPHANUMERIC.length);

/**
 * A new EncodingAESKey (43 letters or digits, as WeChat requires), made in the browser: the api stores
 * it sealed and returns only its ends, so this page is the only place the merchant can read it.
 */
export function generateEncodingAesKey(): string {
  let key = '';
  const bytes = new Uint8Array(64);
  while (key.length < 43) {
    crypto.getRandomValues(bytes);
    for (const byte of bytes) {
      if (byte < UNBIASED_BELOW && key.length < 43) key += ALPHANUMERIC[byte % ALPHANUMERIC.length];
    }
  }
  return key;
}

/** Official accounts push XML only. */
export function formatFor(kind: ChannelKind, format: ChannelFormat): ChannelFormat {
  return kind === 'official_account' ? 'xml' : format;
}

function fields(values: ChannelFormValues): Omit<CreateChannelRequest, 'encodingAesKey'> {
  return {
    kind: values.kind,
    name: values.name.trim(),
    originalId: values.originalId.trim(),
    appId: values.appId.trim(),
    appSecret: values.appSecret.trim(),
    mode: values.mode,
    format: formatFor(values.kind, values.format),
  };
}

/** A new channel, with the EncodingAESKey generated here (the api would make one nobody can read). */
export function toCreateRequest(values: ChannelFormValues, encodingAesKey: string): CreateChannelRequest {
  return { ...fields(values), encodingAesKey };
}

/** Changed fields only; the AppSecret is sent only when a new one is typed, the EncodingAESKey never. */
export function toUpdateRequest(channel: Channel, values: ChannelFormValues): UpdateChannelRequest {
  const next = fields(values);
  const body: UpdateChannelRequest = {};
  if (next.kind !== channel.kind) body.kind = next.kind;
  if (next.name !== channel.name) body.name = next.name;
  if (next.originalId !== channel.originalId) body.originalId = next.originalId;
  if (next.appId !== channel.appId) body.appId = next.appId;
  if (next.appSecret) body.appSecret = next.appSecret;
  if (next.mode !== channel.mode) body.mode = next.mode;
  if (next.format !== channel.format) body.format = next.format;
  return body;
}

export function toFormValues(channel: Channel): ChannelFormValues {
  return {
    kind: channel.kind,
    name: channel.name,
    originalId: channel.originalId,
    appId: channel.appId,
    appSecret: '',
    mode: channel.mode,
    format: channel.format,
  };
}
