// herald feeds import / export: a 100-feed OPML list with categories round-trips through the
// config (import prints the feeds: block, a rule names a category as tag:, export writes it back).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { readOpml, type OpmlFeed } from '../../src/feeds/opml.ts';
import { useTestBed } from '../integration/harness.ts';

const hundred = readFileSync(new URL('../fixtures/opml/hundred-feeds.opml', import.meta.url), 'utf8');
const byUrl = (feeds: OpmlFeed[]) => [...feeds].sort((a, b) => a.url.localeCompare(b.url));

describe('herald feeds import and export', () => {
  const bed = useTestBed();

  it('round-trips 100 feeds with their categories through the config', async () => {
    const file = join(bed.workspace.dir, 'reader-export.opml');
    writeFileSync(file, hundred);
    bed.workspace.writeConfig({ feeds: [{ id: 'gazette', url: 'https://outlet1.example.org/world/rss.xml' }] });
    const imported = await bed.workspace.run('feeds', 'import', file);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain('imported 99 feeds, skipped 1\n  skipped Outlet 1 World desk: the config has this URL already, as feed gazette\n');
    expect(imported.stdout).toMatch(/^# 99 feeds imported from .*reader-export\.opml; add them under feeds: in your config\n/);
    const { feeds } = parse(imported.stdout) as { feeds: { id: string; url: string; name?: string; tags?: string[] }[] };
    expect(feeds).toHaveLength(99);
    expect(new Set(feeds.map((feed) => feed.id)).size).toBe(99);

    // Without the feed the config had, so the export holds exactly the list's 100 feeds.
    bed.workspace.writeConfig({ feeds: [{ id: 'gazette', url: 'https://outlet1.example.org/world/rss.xml', name: 'Outlet 1 World desk', tags: ['world'] }, ...feeds], channels: [{ platform: 'console', channel: 'asia-desk', feeds: ['tag:asia'] }] });
    const check = await bed.workspace.run('config', 'check');
    expect(check.code).toBe(0);
    const exported = await bed.workspace.run('feeds', 'export');
    expect(exported.code).toBe(0);
    const back = readOpml(exported.stdout);
    expect(back.skipped).toEqual([]);
    expect(byUrl(back.feeds)).toEqual(byUrl(readOpml(hundred).feeds));
  });

  it('refuses a hostile or foreign file with a message naming it and the fix, and exits 1', async () => {
    bed.workspace.writeConfig({});
    const bomb = join(bed.workspace.dir, 'bomb.opml');
    writeFileSync(bomb, `<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><opml><body><outline text="&b;" xmlUrl="https://x.example/rss"/></body></opml>`);
    const refused = await bed.workspace.run('feeds', 'import', bomb);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`'${bomb}': the document declares entities (<!ENTITY>), which Herald refuses to expand: OPML never needs them; remove the DOCTYPE`);
    const missing = await bed.workspace.run('feeds', 'import', join(bed.workspace.dir, 'nope.opml'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the OPML file '.*nope\.opml': .*; check the path/);
    const empty = join(bed.workspace.dir, 'empty.opml');
    writeFileSync(empty, '<opml version="2.0"><body><outline text="Folder only"/></body></opml>');
    const none = await bed.workspace.run('feeds', 'import', empty);
    expect(none.code).toBe(1);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('imported 0 feeds, skipped 0');
  });

  it('counts a single imported feed in the singular', async () => {
    bed.workspace.writeConfig({});
    const file = join(bed.workspace.dir, 'one.opml');
    writeFileSync(file, '<opml version="2.0"><body><outline text="Lone desk" xmlUrl="https://lone.example.org/rss.xml"/></body></opml>');
    const one = await bed.workspace.run('feeds', 'import', file);
    expect(one.code).toBe(0);
    expect(one.stderr).toContain('imported 1 feed, skipped 0\n');
    expect(one.stdout).toMatch(/^# 1 feed imported from .*one\.opml; add them under feeds: in your config\n/);
  });
});
