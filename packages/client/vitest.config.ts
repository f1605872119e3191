import { packageTestConfig } from '@inkwell/vitest-config'

export default packageTestConfig
