/** The few colours and sizes every screen shares. */
export const colors = {
  ink: '#1d2430',
  muted: '#5d6675',
  line: '#d9dde4',
  paper: '#ffffff',
  page: '#f5f6f8',
  accent: '#2f5bd3',
  accentText: '#ffffff',
  danger: '#b42318',
  warn: '#8a5a00',
  ok: '#19743b',
} as const

export const space = { xs: 4, s: 8, m: 12, l: 16, xl: 24 } as const
