import { useMemo } from 'react'
import { FlatList, StyleSheet, Text, View } from 'react-native'
import { filterNotes } from '../../lib/filter-notes'
import { useLocalNotes, useOffline } from '../../offline/offline-provider'
import { Button } from '../../ui/button'
import { SyncIndicator } from '../../ui/sync-indicator'
import { colors, space } from '../../ui/theme'

export default function Trash() {
  const offline = useOffline()
  const { notes } = useLocalNotes()
  const trashed = useMemo(() => filterNotes(notes ?? [], { trashed: true }), [notes])
  return (
    <View style={styles.page}>
      <SyncIndicator
        state={offline.state}
        onSync={() => void offline.engine.sync().catch(() => {})}
      />
      <FlatList
        data={trashed}
        keyExtractor={(note) => note.id}
        contentContainerStyle={styles.list}
        accessibilityLabel="Trashed notes"
        ListHeaderComponent={
          <Text style={styles.muted}>Notes in the trash are deleted for good after 30 days.</Text>
        }
        ListEmptyComponent={
          notes === null ? null : <Text style={styles.empty}>The trash is empty.</Text>
        }
        renderItem={({ item }) => (
          <View style={styles.row}>
            <Text style={styles.title} numberOfLines={1}>
              {item.title}
            </Text>
            <Button
              label="Restore"
              accessibilityLabel={`Restore ${item.title}`}
              onPress={() => void offline.write((engine) => engine.restore(item.id))}
            />
            <Button
              label="Delete"
              kind="danger"
              accessibilityLabel={`Delete ${item.title} for good`}
              onPress={() => void offline.write((engine) => engine.purge(item.id))}
            />
          </View>
        )}
      />
    </View>
  )
}

const styles = StyleSheet.create({
  page: { flex: 1, backgroundColor: colors.page },
  list: { padding: space.l, gap: space.s, width: '100%', maxWidth: 720, alignSelf: 'center' },
  row: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.s,
    backgroundColor: colors.paper,
    borderRadius: 10,
    borderWidth: 1,
    borderColor: colors.line,
    padding: space.m,
  },
  title: { flex: 1, color: colors.ink, fontWeight: '600' },
  muted: { color: colors.muted, marginBottom: space.s },
  empty: { color: colors.muted, textAlign: 'center', paddingVertical: space.xl },
})
