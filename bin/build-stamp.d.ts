// Types for bin/build-stamp.js, which the test setup imports.
export type BuildState = 'current' | 'stale' | 'missing';
export function buildState(root: string): BuildState;
export function stampBuild(root: string): void;
