import type { Note } from '@inkwell/sync'
import { Link } from 'expo-router'
import { StyleSheet, Text, View } from 'react-native'
import { colors, space } from './theme'

/** A note in the list: title, the start of its text, its tags, and whether it is synced. */
export function NoteRow({ note, unsynced }: { readonly note: Note; readonly unsynced: boolean }) {
  return (
    <Link href={{ pathname: '/notes/[id]', params: { id: note.id } }} style={styles.row}>
      <View style={styles.inner}>
        <Text style={styles.title} numberOfLines={1} testID="note-title">
          {note.title}
        </Text>
        {note.content ? (
          <Text style={styles.snippet} numberOfLines={2}>
            {note.content}
          </Text>
        ) : null}
        <View style={styles.meta}>
          {note.tags.map((tag) => (
            <Text key={tag} style={styles.tag}>
              #{tag}
            </Text>
          ))}
          {unsynced ? <Text style={styles.unsynced}>Not synced yet</Text> : null}
        </View>
      </View>
    </Link>
  )
}

const styles = StyleSheet.create({
  row: {
    backgroundColor: colors.paper,
    borderRadius: 10,
    borderWidth: 1,
    borderColor: colors.line,
    padding: space.m,
  },
  inner: { gap: space.xs },
  title: { color: colors.ink, fontWeight: '700', fontSize: 16 },
  snippet: { color: colors.muted },
  meta: { flexDirection: 'row', flexWrap: 'wrap', gap: space.s },
  tag: { color: colors.accent, fontSize: 13 },
  unsynced: { color: colors.warn, fontSize: 13 },
})
