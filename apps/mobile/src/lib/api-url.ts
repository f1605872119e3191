import Constants from 'expo-constants'
import { Platform } from 'react-native'

/** The API's port when the app has to guess where it is (`pnpm dev` serves it on 3000). */
const DEV_API_PORT = 3000

/**
 * Where the Inkwell server is. `EXPO_PUBLIC_API_URL` wins (inlined when the bundle is built);
 * without it, the web build talks to the origin it was served from, and a development build
 * or Expo Go to port 3000 of the machine that serves the bundle (the laptop running
 * `pnpm dev`), since `localhost` on a phone is the phone.
 *
 * @example
 * createClient({ url: apiUrl(), token })
 */
export function apiUrl(): string {
  // Expo inlines only this literal form of the access: no destructuring.
  const configured = process.env.EXPO_PUBLIC_API_URL
  if (configured) return configured.replace(/\/+$/, '')
  if (Platform.OS === 'web') return globalThis.location?.origin ?? ''
  const host = Constants.expoConfig?.hostUri?.split(':')[0] ?? 'localhost'
  return `http://${host}:${DEV_API_PORT}`
}
