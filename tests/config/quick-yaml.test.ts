// The quick reading (js-yaml) must give exactly what the `yaml` library gives, or step aside.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfigText } from '../../src/config/load.ts';
import { quickYaml } from '../../src/config/quick-yaml.ts';

const REPO = join(import.meta.dirname, '../..');

// Scalars where YAML readers disagree: numbers in every base and sign, the YAML 1.1 words,
// dates, escapes, and text that only looks like a number.
const SCALARS = [
  '0b101', '0o17', '0o8', '017', '08', '0x1F', '0X1F', '0xG', '-0x1', '+0x1', '+0o7', '1_000', '1__0', '1,000',
  '+1', '-0', '00', '-00', '.5', '+.5', '1.', '0.', '1e3', '1E+3', '+12e03', '1e', '0.1.2',
  '.inf', '-.Inf', '+.INF', '.NaN', '.nan', '~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'yes', 'on', 'off', 'y',
  '2001-12-14', '2001-12-14T21:59:43Z', '12:30', '1:20:30', '=', '<<', '"q"', "'s'", "'it''s'", '"\\u00e9"', '"\\x41"',
  '$1', '10s', '5m', '5MiB', 'https://example.org/feed?a=1&b=2#top',
];

describe('quickYaml', () => {
  it.each(SCALARS)('reads %s as the yaml library does', (scalar) => {
    const text = `value: ${scalar}\nlist: [${scalar}]\n`;
    expect(quickYaml(text)).toStrictEqual(parse(text));
  });

  it('reads the shipped config files as the yaml library does', () => {
    for (const file of ['config/herald.yaml', 'config/herald.example.yaml']) {
      const text = readFileSync(join(REPO, file), 'utf8').replaceAll('${', '$ {');
      expect(quickYaml(text), file).toStrictEqual(parse(text));
    }
  });

  it('steps aside for interpolation, tags, aliases of collections and syntax errors', () => {
    expect(quickYaml('token: ${SLACK_TOKEN}\n')).toBeUndefined();
    expect(quickYaml('n: !!str 1\n')).toBeUndefined();
    expect(quickYaml('a: &a [1, 2]\nb: *a\n')).toBeUndefined();
    expect(quickYaml('a: b: c\n')).toBeUndefined();
    expect(quickYaml('a: 1\na: 2\n')).toBeUndefined();
  });

  it('keeps an alias of a scalar, which copies nothing shared', () => {
    expect(quickYaml('a: &x 30s\nb: *x\n')).toStrictEqual({ a: '30s', b: '30s' });
  });
});

describe('a config read quickly', () => {
  it('is the config the full reading gives', () => {
    const text = [
      'feeds:',
      '  - { id: tech, url: "https://example.org/tech.xml", interval: 10m }',
      '  - id: world',
      '    url: https://example.org/world.xml',
      'topics:',
      '  ai: "\\"machine learning\\" OR AI"',
      'channels:',
      '  - { platform: console, channel: news, topics: [ai] }',
    ].join('\n');
    const quick = parseConfigText(text, {}, 'quick.yaml');
    // A ${VAR} anywhere sends the file down the full reading; an empty default changes nothing.
    const full = parseConfigText(`${text}\n# \${UNUSED:-}\n`, {}, 'full.yaml');
    expect(quick).toStrictEqual(full);
  });
});
