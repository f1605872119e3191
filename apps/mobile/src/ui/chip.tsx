import { Pressable, StyleSheet, Text } from 'react-native'
import { colors, space } from './theme'

interface Props {
  readonly label: string
  readonly selected: boolean
  readonly onPress: () => void
  readonly accessibilityLabel?: string
}

/** A toggle in a row of filters. */
export function Chip({ label, selected, onPress, accessibilityLabel }: Props) {
  return (
    <Pressable
      role="button"
      aria-pressed={selected}
      accessibilityLabel={accessibilityLabel ?? label}
      onPress={onPress}
      style={[styles.chip, selected && styles.selected]}
    >
      <Text style={[styles.text, selected && styles.selectedText]}>{label}</Text>
    </Pressable>
  )
}

const styles = StyleSheet.create({
  chip: {
    paddingVertical: space.xs,
    paddingHorizontal: space.m,
    borderRadius: 999,
    borderWidth: 1,
    borderColor: colors.line,
    backgroundColor: colors.paper,
  },
  selected: { backgroundColor: colors.accent, borderColor: colors.accent },
  text: { color: colors.ink },
  selectedText: { color: colors.accentText },
})
