// Which encoding a feed body is read in (issue 15): BOM, the XML byte patterns of BOM-less
// UTF-16/32, the declared charset, valid UTF-8 over a contradicting label, windows-1252 last.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFeedBody, detectEncoding } from '../../src/feeds/body-encoding.ts';
import { parseFeed } from '../../src/feeds/parse.ts';

const bytesOf = (name: string): Buffer => readFileSync(new URL(`../fixtures/feeds/${name}`, import.meta.url));

async function firstTitle(name: string, contentType: string | null = null): Promise<[string | null, string | null | undefined]> {
  const feed = await parseFeed(decodeFeedBody(bytesOf(name), contentType), contentType);
  return [feed.title, feed.entries[0]?.title];
}

describe('feed body encodings', () => {
  it('reads Latin-1 with no declaration as windows-1252, not as U+FFFD', async () => {
    expect(detectEncoding(bytesOf('latin1-undeclared.xml'), 'application/rss+xml')).toMatchObject({ encoding: 'windows-1252', source: 'fallback' });
    expect(await firstTitle('latin1-undeclared.xml', 'application/rss+xml')).toEqual(['Desporto Fictício', 'Clube Fictício é campeão da Primeira Divisão']);
  });

  it('reads bytes that are not UTF-8 as windows-1252 even when the header or declaration says UTF-8', () => {
    const latin = Buffer.from('<t>S\u00e3o Tom\u00e9</t>', 'latin1');
    expect(detectEncoding(latin, 'text/xml; charset=utf-8')).toMatchObject({ encoding: 'windows-1252', source: 'fallback' });
    expect(decodeFeedBody(latin, 'text/xml; charset=utf-8')).toBe('<t>S\u00e3o Tom\u00e9</t>');
    const declared = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="UTF-8"?>'), latin]);
    expect(decodeFeedBody(declared, null)).toBe('<?xml version="1.0" encoding="UTF-8"?><t>S\u00e3o Tom\u00e9</t>');
  });

  it('lets valid UTF-8 beat a declaration (or header) that says ISO-8859-1', async () => {
    expect(detectEncoding(bytesOf('wrong-declaration.xml'), null)).toMatchObject({ encoding: 'utf-8', source: 'utf8-valid' });
    expect(await firstTitle('wrong-declaration.xml')).toEqual(['Café Quarter News', 'Café terraces reopen on the quay']);
    expect(await firstTitle('wrong-declaration.xml', 'text/xml; charset=iso-8859-1')).toEqual(['Café Quarter News', 'Café terraces reopen on the quay']);
  });

  it('reads UTF-16 and UTF-32 without a byte-order mark from the XML byte patterns', async () => {
    expect(detectEncoding(bytesOf('utf16le-no-bom.xml'), null)).toMatchObject({ encoding: 'utf-16le', source: 'xml-pattern' });
    expect(detectEncoding(bytesOf('utf32be-no-bom.xml'), null)).toMatchObject({ encoding: 'utf-32be', source: 'xml-pattern' });
    for (const name of ['utf16le-no-bom.xml', 'utf32be-no-bom.xml']) {
      expect(await firstTitle(name, 'application/xml')).toEqual(['Bulletin Ω', 'Ünïcödé headline — 東京 edition']);
    }
  });

  it('follows byte-order marks first, whatever the label says, and does not keep the mark', () => {
    const text = '<rss><title>Ω</title></rss>';
    const cases: Array<[Buffer, string]> = [
      [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]), 'utf-8'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]), 'utf-16be'],
    ];
    for (const [bytes, encoding] of cases) {
      expect(detectEncoding(bytes, 'text/xml; charset=windows-1252')).toMatchObject({ encoding, source: 'bom' });
      expect(decodeFeedBody(bytes, 'text/xml; charset=windows-1252')).toBe(text);
    }
  });

  it('honours a declared single-byte charset when the body is not UTF-8, with the windows-1252 quotes', () => {
    const koi8 = Buffer.from([0x3c, 0x74, 0x3e, 0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4, 0x3c, 0x2f, 0x74, 0x3e]);
    expect(decodeFeedBody(koi8, 'text/xml; charset=koi8-r')).toBe('<t>Привет</t>');
    const declared = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><t>'), Buffer.from([0x93, 0x51, 0x94, 0x20, 0x80]), Buffer.from('</t>')]);
    expect(decodeFeedBody(declared, null)).toBe('<?xml version="1.0" encoding="iso-8859-1"?><t>\u201cQ\u201d \u20ac</t>');
  });

  it('ignores a UTF-16 label over bytes that are plainly ASCII-compatible, and an unknown label', () => {
    const body = Buffer.from('<?xml version="1.0" encoding="UTF-16"?><t>caf\u00e9</t>', 'utf8');
    expect(decodeFeedBody(body, null)).toBe('<?xml version="1.0" encoding="UTF-16"?><t>caf\u00e9</t>');
    expect(decodeFeedBody(Buffer.from('<t>\u00e9</t>', 'utf8'), 'text/xml; charset=x-made-up')).toBe('<t>\u00e9</t>');
  });
});
