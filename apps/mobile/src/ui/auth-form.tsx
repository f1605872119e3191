import type { ReactNode } from 'react'
import { KeyboardAvoidingView, Platform, ScrollView, StyleSheet, Text, View } from 'react-native'
import { SafeAreaView } from 'react-native-safe-area-context'
import { colors, space } from './theme'

interface Props {
  readonly title: string
  readonly error: string | null
  readonly children: ReactNode
}

/** The frame of the sign-in and sign-up screens. */
export function AuthForm({ title, error, children }: Props) {
  return (
    <SafeAreaView style={styles.page}>
      <KeyboardAvoidingView
        style={styles.page}
        behavior={Platform.OS === 'ios' ? 'padding' : undefined}
      >
        <ScrollView contentContainerStyle={styles.scroll} keyboardShouldPersistTaps="handled">
          <View style={styles.card}>
            <Text style={styles.brand}>Inkwell</Text>
            <Text role="heading" aria-level={1} style={styles.title}>
              {title}
            </Text>
            {error ? (
              <Text role="alert" style={styles.error}>
                {error}
              </Text>
            ) : null}
            {children}
          </View>
        </ScrollView>
      </KeyboardAvoidingView>
    </SafeAreaView>
  )
}

const styles = StyleSheet.create({
  page: { flex: 1, backgroundColor: colors.page },
  scroll: { flexGrow: 1, justifyContent: 'center', padding: space.l },
  card: {
    gap: space.m,
    padding: space.xl,
    borderRadius: 12,
    backgroundColor: colors.paper,
    width: '100%',
    maxWidth: 420,
    alignSelf: 'center',
  },
  brand: { color: colors.accent, fontWeight: '700', fontSize: 14 },
  title: { color: colors.ink, fontWeight: '700', fontSize: 24 },
  error: { color: colors.danger },
})
