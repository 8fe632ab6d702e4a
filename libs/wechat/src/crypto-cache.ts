import { MessageCrypto } from './crypto';

const CRYPTO_CACHE_LIMIT = 256;
/** By app id, then by key: plain string lookups, no key string to build per push. */
const cryptoCache = new Map<string, Map<string, MessageCrypto>>();
let cachedCryptoCount = 0;

/** One MessageCrypto per (key, app id): setting up the key on every push would dominate the hot path. */
export function cachedCrypto(encodingAesKey: string, appId: string): MessageCrypto {
  let byKey = cryptoCache.get(appId);
  let crypto = byKey?.get(encodingAesKey);
  if (crypto) return crypto;
  crypto = new MessageCrypto(encodingAesKey, appId);
  if (cachedCryptoCount >= CRYPTO_CACHE_LIMIT) {
    cryptoCache.clear();
    cachedCryptoCount = 0;
    byKey = undefined;
  }
  if (!byKey) {
    byKey = new Map();
    cryptoCache.set(appId, byKey);
  }
  byKey.set(encodingAesKey, crypto);
  cachedCryptoCount++;
  return crypto;
}
