import * as SecureStore from 'expo-secure-store'
import { parseStoredSession, SESSION_KEY, type StoredSession } from './stored-session'

/**
 * The session on iOS and Android: in the Keychain / Keystore through `expo-secure-store`,
 * readable only by this app and only once the device has been unlocked.
 */
export const sessionStorage = {
  async load(): Promise<StoredSession | null> {
    return parseStoredSession(await SecureStore.getItemAsync(SESSION_KEY))
  },
  async save(session: StoredSession): Promise<void> {
    await SecureStore.setItemAsync(SESSION_KEY, JSON.stringify(session), {
      keychainAccessible: SecureStore.AFTER_FIRST_UNLOCK,
    })
  },
  async clear(): Promise<void> {
    await SecureStore.deleteItemAsync(SESSION_KEY)
  },
}
