import { Link, useRouter } from 'expo-router'
import { useMemo, useState } from 'react'
import { FlatList, RefreshControl, ScrollView, StyleSheet, Text, View } from 'react-native'
import { useSession } from '../../auth/session'
import { filterNotes, tagCounts } from '../../lib/filter-notes'
import { useLocalNotes, useOffline } from '../../offline/offline-provider'
import { Button } from '../../ui/button'
import { Chip } from '../../ui/chip'
import { NoteRow } from '../../ui/note-row'
import { SyncIndicator } from '../../ui/sync-indicator'
import { SyncProblems } from '../../ui/sync-problems'
import { TextField } from '../../ui/text-field'
import { colors, space } from '../../ui/theme'

export default function NotesList() {
  const router = useRouter()
  const { signOut, state: session } = useSession()
  const offline = useOffline()
  const { notes, unsynced } = useLocalNotes()
  const [search, setSearch] = useState('')
  const [tag, setTag] = useState<string | null>(null)
  const [refreshing, setRefreshing] = useState(false)
  const [confirmSignOut, setConfirmSignOut] = useState(false)

  const tags = useMemo(() => tagCounts(notes ?? []), [notes])
  const shown = useMemo(() => filterNotes(notes ?? [], { search, tag }), [notes, search, tag])

  async function refresh() {
    setRefreshing(true)
    // A failed sync shows in the indicator; the list stays as it is.
    await offline.engine.sync().catch(() => {})
    setRefreshing(false)
  }

  async function newNote() {
    const note = await offline.write((engine) => engine.create({ title: 'Untitled' }))
    router.push({ pathname: '/notes/[id]', params: { id: note.id, created: '1' } })
  }

  async function leave() {
    if (offline.state.pending > 0 && !confirmSignOut) {
      setConfirmSignOut(true)
      return
    }
    await offline.forget()
    await signOut()
  }

  const email = session.status === 'signedIn' ? session.session.user.email : ''
  return (
    <View style={styles.page}>
      <SyncIndicator state={offline.state} onSync={refresh} />
      <FlatList
        data={shown}
        keyExtractor={(note) => note.id}
        refreshControl={<RefreshControl refreshing={refreshing} onRefresh={refresh} />}
        contentContainerStyle={styles.list}
        accessibilityLabel="Your notes"
        ListHeaderComponent={
          <View style={styles.header}>
            <SyncProblems
              state={offline.state}
              write={offline.write}
              clearConflicts={() => offline.engine.clearConflicts()}
            />
            <View style={styles.actions}>
              <Button label="New note" kind="primary" onPress={newNote} />
              <Link href="/trash" style={styles.link}>
                <Text>Trash</Text>
              </Link>
            </View>
            <TextField
              label="Search notes"
              value={search}
              onChangeText={setSearch}
              placeholder="Words in the title or text"
              autoCapitalize="none"
            />
            {tags.length > 0 ? (
              <ScrollView
                horizontal
                contentContainerStyle={styles.tags}
                accessibilityLabel="Filter by tag"
              >
                <Chip label="All" selected={tag === null} onPress={() => setTag(null)} />
                {tags.map((t) => (
                  <Chip
                    key={t.tag}
                    label={`#${t.tag} ${t.count}`}
                    accessibilityLabel={`#${t.tag}`}
                    selected={tag === t.tag}
                    onPress={() => setTag(tag === t.tag ? null : t.tag)}
                  />
                ))}
              </ScrollView>
            ) : null}
          </View>
        }
        ListEmptyComponent={
          notes === null ? null : (
            <Text style={styles.empty}>
              {notes.some((n) => n.deletedAt === null) ? 'No notes match.' : 'No notes yet.'}
            </Text>
          )
        }
        renderItem={({ item }) => <NoteRow note={item} unsynced={unsynced.has(item.id)} />}
        ListFooterComponent={
          <View style={styles.footer}>
            <Text style={styles.muted}>Signed in as {email}</Text>
            {confirmSignOut ? (
              <Text role="alert" style={styles.warn}>
                {offline.state.pending} changes have not reached the server and will be lost.
              </Text>
            ) : null}
            <Button
              label={confirmSignOut ? 'Sign out and discard them' : 'Sign out'}
              kind={confirmSignOut ? 'danger' : 'plain'}
              onPress={leave}
            />
          </View>
        }
      />
    </View>
  )
}

const styles = StyleSheet.create({
  page: { flex: 1, backgroundColor: colors.page },
  list: { padding: space.l, gap: space.s, width: '100%', maxWidth: 720, alignSelf: 'center' },
  header: { gap: space.m, marginBottom: space.s },
  actions: { flexDirection: 'row', alignItems: 'center', gap: space.l },
  link: { color: colors.accent, fontWeight: '600' },
  tags: { gap: space.s },
  empty: { color: colors.muted, textAlign: 'center', paddingVertical: space.xl },
  footer: { gap: space.s, marginTop: space.xl },
  muted: { color: colors.muted, fontSize: 13 },
  warn: { color: colors.danger },
})
