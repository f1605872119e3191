import type { SyncState } from '@inkwell/sync'
import { useEffect, useState } from 'react'
import { Pressable, StyleSheet, Text, View } from 'react-native'
import { syncStatus } from '../lib/sync-status'
import { colors, space } from './theme'

interface Props {
  readonly state: SyncState
  /** Sync now (the same as pulling the list down). */
  readonly onSync: () => void
}

/** Where the local copy stands: pending changes, on or off line, last synced; tap to sync. */
export function SyncIndicator({ state, onSync }: Props) {
  // "synced 2 min ago" moves on by itself.
  const [, setTick] = useState(0)
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 30_000)
    return () => clearInterval(timer)
  }, [])
  const now = new Date()
  const tone = state.error && state.online ? colors.danger : state.online ? colors.ok : colors.warn
  return (
    <View style={styles.row} role="status" aria-live="polite" accessibilityLabel="Sync status">
      <View style={[styles.dot, { backgroundColor: tone }]} />
      <Text style={styles.text} testID="sync-status">
        {syncStatus(state, now)}
      </Text>
      <Pressable
        role="button"
        accessibilityLabel="Sync now"
        onPress={onSync}
        disabled={state.syncing}
        style={styles.button}
      >
        <Text style={styles.link}>Sync now</Text>
      </Pressable>
    </View>
  )
}

const styles = StyleSheet.create({
  row: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    paddingHorizontal: space.l,
    paddingVertical: space.s,
    backgroundColor: colors.paper,
    borderBottomWidth: 1,
    borderBottomColor: colors.line,
  },
  dot: { width: 8, height: 8, borderRadius: 4 },
  text: { flex: 1, color: colors.muted, fontSize: 13 },
  button: { paddingVertical: space.xs, paddingHorizontal: space.s },
  link: { color: colors.accent, fontWeight: '600', fontSize: 13 },
})
