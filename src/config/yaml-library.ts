// The `yaml` library, loaded on first use. A config that loads clean never needs it
// (quick-yaml.ts), and loading it cost every start about 0.08 s of CPU and 9 MB for its 72
// modules. Required, not imported: the config reading is synchronous (live reload, tests), so a
// dynamic import() cannot serve it; its package ships the CommonJS build this loads.
import { createRequire } from 'node:module';
import type * as YamlModule from 'yaml';

type Yaml = typeof YamlModule;

const require = createRequire(import.meta.url);
let library: Yaml | undefined;

export function yamlLibrary(): Yaml {
  library ??= require('yaml') as Yaml;
  return library;
}
