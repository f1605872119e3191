import type { Note, NotePatch } from '@inkwell/sync'
import { Stack, useLocalSearchParams, useRouter } from 'expo-router'
import { useCallback, useEffect, useRef, useState } from 'react'
import { ScrollView, StyleSheet, Text, View } from 'react-native'
import { formatTags, parseTags } from '../../../lib/parse-tags'
import { useOffline } from '../../../offline/offline-provider'
import { Button } from '../../../ui/button'
import { TextField } from '../../../ui/text-field'
import { colors, space } from '../../../ui/theme'

/** How long typing has to pause before the edit is written to the device. */
const SAVE_DELAY_MS = 500
/** The API's limits (API.md, `notes.create`). */
const MAX_TITLE = 200
const MAX_CONTENT = 100_000

type SaveState = 'saved' | 'editing' | 'saving'

export default function NoteEditor() {
  const { id, created } = useLocalSearchParams<{ id: string; created?: string }>()
  const router = useRouter()
  const offline = useOffline()
  const { store, write } = offline
  const [note, setNote] = useState<Note | null | undefined>(undefined)
  const [title, setTitle] = useState('')
  const [content, setContent] = useState('')
  const [tags, setTags] = useState('')
  const [save, setSave] = useState<SaveState>('saved')
  const pending = useRef<NotePatch>({})
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)

  useEffect(() => {
    let live = true
    void store.getNote(id).then((found) => {
      if (!live) return
      setNote(found ?? null)
      if (found) {
        setTitle(found.title)
        setContent(found.content)
        setTags(formatTags(found.tags))
      }
    })
    return () => {
      live = false
    }
  }, [store, id])

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    const patch = pending.current
    pending.current = {}
    if (Object.keys(patch).length === 0) return
    setSave('saving')
    const saved = await write((engine) => engine.update(id, patch))
    setNote(saved)
    setSave(Object.keys(pending.current).length > 0 ? 'editing' : 'saved')
  }, [write, id])

  // Whatever is still waiting is written when the screen goes away.
  useEffect(() => () => void flush(), [flush])

  function edit(patch: NotePatch) {
    pending.current = { ...pending.current, ...patch }
    setSave('editing')
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(() => void flush(), SAVE_DELAY_MS)
  }

  async function moveToTrash() {
    await flush()
    await write((engine) => engine.trash(id))
    router.back()
  }

  async function restore() {
    setNote(await write((engine) => engine.restore(id)))
  }

  if (note === undefined) return null
  if (note === null) {
    return (
      <View style={styles.page}>
        <Text style={styles.muted}>This note is not on this device.</Text>
      </View>
    )
  }
  const trashed = note.deletedAt !== null
  return (
    <ScrollView style={styles.page} contentContainerStyle={styles.body}>
      <Stack.Screen options={{ title: title.trim() || 'Untitled' }} />
      {trashed ? (
        <View style={styles.banner}>
          <Text style={styles.warn}>This note is in the trash.</Text>
          <Button label="Restore" onPress={restore} />
        </View>
      ) : null}
      <TextField
        label="Title"
        value={title}
        maxLength={MAX_TITLE}
        autoFocus={created === '1'}
        selectTextOnFocus={created === '1'}
        editable={!trashed}
        onChangeText={(text) => {
          setTitle(text)
          // An empty title is not a note the server takes: keep the last one until there is text.
          if (text.trim()) edit({ title: text })
        }}
      />
      <TextField
        label="Tags"
        value={tags}
        placeholder="home, errands"
        autoCapitalize="none"
        editable={!trashed}
        onChangeText={(text) => {
          setTags(text)
          edit({ tags: parseTags(text) })
        }}
      />
      <TextField
        label="Text"
        value={content}
        multiline
        maxLength={MAX_CONTENT}
        editable={!trashed}
        onChangeText={(text) => {
          setContent(text)
          edit({ content: text })
        }}
      />
      <View style={styles.footer}>
        <Text style={styles.muted} role="status" testID="save-status">
          {save === 'saved' ? 'Saved on this device' : save === 'saving' ? 'Saving…' : 'Editing…'}
        </Text>
        {trashed ? null : <Button label="Move to trash" kind="danger" onPress={moveToTrash} />}
      </View>
    </ScrollView>
  )
}

const styles = StyleSheet.create({
  page: { flex: 1, backgroundColor: colors.page },
  body: { padding: space.l, gap: space.m, width: '100%', maxWidth: 720, alignSelf: 'center' },
  banner: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between' },
  footer: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between' },
  muted: { color: colors.muted },
  warn: { color: colors.warn },
})
