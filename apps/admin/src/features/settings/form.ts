import type { ReplyLanguage, ServiceMode, TenantSettings, UpdateSettingsRequest } from '@kefu/contracts';

export type FarewellKind = 'none' | 'text' | 'item';

export interface SettingsFormValues {
  mode: ServiceMode;
  linkedChannelId: string | null;
  welcomeItemNumber: number | null;
  farewellType: FarewellKind;
  farewellText: string;
  farewellNumber: number | null;
  goodbyeText: string;
  offlineNotice: string;
  robotFallbackText: string;
  idleTimeoutMinutes: number;
  missedChatSeconds: number;
  replyLanguage: ReplyLanguage;
}

/** Server field names (as in its messages) → form fields. */
export const SETTINGS_FIELDS: Record<string, string> = {
  mode: 'mode',
  linkedChannelId: 'linkedChannelId',
  welcomeItemNumber: 'welcomeItemNumber',
  'farewell.type': 'farewellType',
  'farewell.text': 'farewellText',
  'farewell.number': 'farewellNumber',
  goodbyeText: 'goodbyeText',
  offlineNotice: 'offlineNotice',
  robotFallbackText: 'robotFallbackText',
  idleTimeoutMinutes: 'idleTimeoutMinutes',
  missedChatSeconds: 'missedChatSeconds',
  replyLanguage: 'replyLanguage',
};

export function toSettingsForm(settings: TenantSettings): SettingsFormValues {
  const farewell = settings.farewell;
  return {
    mode: settings.mode,
    linkedChannelId: settings.linkedChannelId,
    welcomeItemNumber: settings.welcomeItemNumber,
    farewellType: farewell ? farewell.type : 'none',
    farewellText: farewell?.type === 'text' ? farewell.text : '',
    farewellNumber: farewell?.type === 'item' ? farewell.number : null,
    goodbyeText: settings.goodbyeText,
    offlineNotice: settings.offlineNotice,
    robotFallbackText: settings.robotFallbackText,
    idleTimeoutMinutes: settings.idleTimeoutMinutes,
    missedChatSeconds: settings.missedChatSeconds,
    replyLanguage: settings.replyLanguage,
  };
}

/** Every field, as the api wants it: the linked channel only in official-account mode, the farewell as one value. */
export function toSettingsRequest(values: SettingsFormValues): UpdateSettingsRequest {
  const farewell: UpdateSettingsRequest['farewell'] =
    values.farewellType === 'text'
      ? { type: 'text', text: values.farewellText.trim() }
      : values.farewellType === 'item' && values.farewellNumber !== null
        ? { type: 'item', number: values.farewellNumber }
        : null;
  return {
    mode: values.mode,
    linkedChannelId: values.mode === 'official_account' ? values.linkedChannelId : null,
    welcomeItemNumber: values.welcomeItemNumber ?? null,
    farewell,
    goodbyeText: values.goodbyeText.trim(),
    offlineNotice: values.offlineNotice.trim(),
    robotFallbackText: values.robotFallbackText.trim(),
    idleTimeoutMinutes: values.idleTimeoutMinutes,
    missedChatSeconds: values.missedChatSeconds,
    replyLanguage: values.replyLanguage,
  };
}
