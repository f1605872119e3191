import type { SyncEngine, SyncState } from '@inkwell/sync'
import { StyleSheet, Text, View } from 'react-native'
import { Button } from './button'
import { colors, space } from './theme'

/** How many refused writes are listed one by one. */
const SHOWN = 3

interface Props {
  readonly state: SyncState
  readonly write: <T>(action: (engine: SyncEngine) => Promise<T>) => Promise<T>
  readonly clearConflicts: () => void
}

/**
 * What a sync could not settle by itself: writes the server refused (retry or discard each),
 * and edits kept as a copy after a conflict. Nothing when all is well.
 */
export function SyncProblems({ state, write, clearConflicts }: Props) {
  if (state.errors.length === 0 && state.conflicts.length === 0) return null
  return (
    <View style={styles.box} role="alert">
      {state.errors.slice(0, SHOWN).map((error) => (
        <View key={error.seq} style={styles.row}>
          <Text style={styles.text}>
            A change ({error.kind}) was refused: {error.message}
          </Text>
          <Button label="Retry" onPress={() => void write((engine) => engine.retry(error.seq))} />
          <Button
            label="Discard"
            kind="danger"
            onPress={() => void write((engine) => engine.discard(error.seq))}
          />
        </View>
      ))}
      {state.errors.length > SHOWN ? (
        <Text style={styles.text}>and {state.errors.length - SHOWN} more.</Text>
      ) : null}
      {state.conflicts.length > 0 ? (
        <View style={styles.row}>
          <Text style={styles.text}>
            {state.conflicts.length === 1 ? 'A note was' : `${state.conflicts.length} notes were`}{' '}
            changed on another device at the same time: your version is kept as a copy titled
            “(conflict)”.
          </Text>
          <Button label="OK" onPress={clearConflicts} />
        </View>
      ) : null}
    </View>
  )
}

const styles = StyleSheet.create({
  box: {
    gap: space.s,
    padding: space.m,
    borderRadius: 10,
    borderWidth: 1,
    borderColor: colors.warn,
    backgroundColor: '#fff8e6',
  },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.s, flexWrap: 'wrap' },
  text: { flex: 1, minWidth: 160, color: colors.ink },
})
