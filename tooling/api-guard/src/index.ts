export { type Change, formatChange, type Io, isBreaking, type Severity } from './change'
export { type CheckInput, type CheckResult, checkSnapshots, formatCheck, mentions } from './check'
export { compareSchemas, type SchemaSite } from './compare'
export { compareSnapshots } from './compare-snapshots'
export { UNREPRESENTABLE } from './json-schema'
export { buildSnapshot, jsonSchemaOf, type RouterLike } from './snapshot'
export {
  type ApiSnapshot,
  type ProcedureKind,
  type ProcedureSnapshot,
  parseSnapshot,
  serializeSnapshot,
} from './snapshot-format'
