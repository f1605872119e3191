import { Redirect, Stack } from 'expo-router'
import { useCallback } from 'react'
import { ActivityIndicator, StyleSheet, View } from 'react-native'
import { useSession } from '../../auth/session'
import { OfflineProvider } from '../../offline/offline-provider'
import { colors } from '../../ui/theme'

/** Everything behind sign-in: the account's local store and its sync engine. */
export default function NotesLayout() {
  const { state, client, signOut } = useSession()
  const onSessionEnded = useCallback(() => void signOut({ expired: true }), [signOut])
  const loading = (
    <View style={styles.center}>
      <ActivityIndicator color={colors.accent} accessibilityLabel="Loading" />
    </View>
  )
  if (state.status === 'loading') return loading
  if (state.status === 'signedOut') return <Redirect href="/sign-in" />
  return (
    <OfflineProvider
      key={state.session.user.id}
      userId={state.session.user.id}
      client={client}
      onSessionEnded={onSessionEnded}
      fallback={loading}
    >
      <Stack screenOptions={{ headerTintColor: colors.accent }}>
        <Stack.Screen name="index" options={{ title: 'Notes' }} />
        <Stack.Screen name="notes/[id]" options={{ title: 'Note' }} />
        <Stack.Screen name="trash" options={{ title: 'Trash' }} />
      </Stack>
    </OfflineProvider>
  )
}

const styles = StyleSheet.create({
  center: { flex: 1, alignItems: 'center', justifyContent: 'center' },
})
