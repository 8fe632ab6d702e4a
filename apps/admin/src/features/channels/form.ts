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

/** Official accounts push XML only. */
export function formatFor(kind: ChannelKind, format: ChannelFormat): ChannelFormat {
  return kind === 'official_account' ? 'xml' : format;
}

export function toCreateRequest(values: ChannelFormValues): CreateChannelRequest {
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

/** Changed fields only; the AppSecret is sent only when a new one is typed. */
export function toUpdateRequest(channel: Channel, values: ChannelFormValues): UpdateChannelRequest {
  const next = toCreateRequest(values);
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
