import { Pressable, StyleSheet, Text } from 'react-native'
import { colors, space } from './theme'

interface Props {
  readonly label: string
  readonly onPress: () => void
  readonly kind?: 'primary' | 'plain' | 'danger'
  readonly disabled?: boolean
  /** The accessible name, when it should say more than the label. */
  readonly accessibilityLabel?: string
}

export function Button({ label, onPress, kind = 'plain', disabled, accessibilityLabel }: Props) {
  return (
    <Pressable
      role="button"
      accessibilityLabel={accessibilityLabel ?? label}
      aria-disabled={disabled}
      disabled={disabled}
      onPress={onPress}
      style={({ pressed }) => [
        styles.base,
        kind === 'primary' && styles.primary,
        kind === 'danger' && styles.danger,
        (pressed || disabled) && styles.dim,
      ]}
    >
      <Text style={[styles.label, kind !== 'plain' && styles.inverse]}>{label}</Text>
    </Pressable>
  )
}

const styles = StyleSheet.create({
  base: {
    paddingVertical: space.s,
    paddingHorizontal: space.m,
    borderRadius: 8,
    borderWidth: 1,
    borderColor: colors.line,
    backgroundColor: colors.paper,
    alignItems: 'center',
  },
  primary: { backgroundColor: colors.accent, borderColor: colors.accent },
  danger: { backgroundColor: colors.danger, borderColor: colors.danger },
  dim: { opacity: 0.6 },
  label: { color: colors.ink, fontWeight: '600' },
  inverse: { color: colors.accentText },
})
