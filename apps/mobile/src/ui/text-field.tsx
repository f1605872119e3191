import { StyleSheet, Text, TextInput, type TextInputProps, View } from 'react-native'
import { colors, space } from './theme'

interface Props extends Omit<TextInputProps, 'style'> {
  readonly label: string
  readonly errors?: readonly string[] | undefined
}

/** A labelled input; the label is also its accessible name. */
export function TextField({ label, errors, multiline, ...input }: Props) {
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <TextInput
        accessibilityLabel={label}
        placeholderTextColor={colors.muted}
        multiline={multiline}
        style={[styles.input, multiline && styles.multiline]}
        {...input}
      />
      {errors?.map((message) => (
        <Text key={message} style={styles.error}>
          {message}
        </Text>
      ))}
    </View>
  )
}

const styles = StyleSheet.create({
  field: { gap: space.xs },
  label: { color: colors.muted, fontWeight: '600', fontSize: 13 },
  input: {
    borderWidth: 1,
    borderColor: colors.line,
    borderRadius: 8,
    paddingHorizontal: space.m,
    paddingVertical: space.s,
    fontSize: 16,
    color: colors.ink,
    backgroundColor: colors.paper,
  },
  multiline: { minHeight: 220, textAlignVertical: 'top' },
  error: { color: colors.danger, fontSize: 13 },
})
