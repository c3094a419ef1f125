// Hostile XML (issue 9). The first block pins what the installed XML reader does on its own, so
// an upgrade that changes it fails here; the second shows that parseFeed refuses the same
// documents up front with a reason a person can act on. All documents are generated here.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HeraldError } from '../../src/domain/errors.ts';
import { parseFeed } from '../../src/feeds/parse.ts';
import { collectElements, readXmlTree, textContent } from '../../src/feeds/xml-tree.ts';

const ENTITY_REFUSAL =
  'the document declares entities (<!ENTITY>), which Herald refuses to expand: feeds never need them; ask the publisher to drop the DOCTYPE';

function rss(doctype: string, title: string): string {
  return `<?xml version="1.0"?>\n${doctype}\n<rss version="2.0"><channel><title>${title}</title><item><title>${title}</title></item></channel></rss>`;
}

function billionLaughs(levels: number): string {
  const declarations = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level <= levels; level += 1) {
    declarations.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
  }
  return rss(`<!DOCTYPE rss [\n${declarations.join('\n')}\n]>`, `&lol${levels};`);
}

// One large entity referenced many times: no nesting, so depth limits do not catch it.
function quadraticBlowup(size: number, references: number): string {
  return rss(`<!DOCTYPE rss [<!ENTITY big "${'x'.repeat(size)}">]>`, '&big;'.repeat(references));
}

let server: Server;
let baseUrl: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.setHeader('content-type', 'application/xml-dtd');
    response.end('<!ENTITY leaked "secret from the network">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

async function refusal(body: string): Promise<HeraldError> {
  const error = await parseFeed(body, 'application/rss+xml').then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(HeraldError);
  expect((error as HeraldError).code).toBe('parse_failed');
  return error as HeraldError;
}

describe('what the XML reader (htmlparser2 in XML mode) does on its own', () => {
  // The title of the document as the reader builds it, with no guard in front.
  const titleOf = (xml: string): string => textContent(collectElements(readXmlTree(xml).document, (element) => (element.name === 'title' ? 'take' : 'descend'), 1)[0]!);

  it('never expands internal entities: billion laughs stays the literal reference', () => {
    expect(titleOf(billionLaughs(10))).toBe('&lol10;');
  });

  it('never expands a large entity referenced many times (quadratic blowup)', () => {
    expect(titleOf(quadraticBlowup(50_000, 1_000))).toBe('&big;'.repeat(1_000));
  });

  it('never reads external entities or DTDs: file:// and http:// SYSTEM entities stay literal and fetch nothing', () => {
    expect(titleOf(rss('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'))).toBe('&xxe;');
    expect(titleOf(rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${baseUrl}/entity">]>`, '&xxe;'))).toBe('&xxe;');
    expect(titleOf(rss(`<!DOCTYPE rss [<!ENTITY % remote SYSTEM "${baseUrl}/parameter.dtd"> %remote;]>`, 'plain'))).toBe('plain');
    expect(titleOf(rss(`<!DOCTYPE rss SYSTEM "${baseUrl}/rss.dtd">`, '&leaked;'))).toBe('&leaked;');
    expect(requests).toEqual([]);
  });

  it('decodes only the XML entities and character references', () => {
    expect(titleOf(rss('', '&amp;&lt;&#233;&#x4E2D; &nbsp; & AT&T'))).toBe('&<\u00e9\u4e2d &nbsp; & AT&T');
  });
});

describe('parseFeed refuses entity declarations before parsing', () => {
  it('refuses billion laughs with the reason', async () => {
    expect((await refusal(billionLaughs(10))).message).toBe(ENTITY_REFUSAL);
  });

  it('refuses quadratic blowup', async () => {
    expect((await refusal(quadraticBlowup(100_000, 100_000))).message).toBe(ENTITY_REFUSAL);
  });

  it('refuses external entities (file and network) and parameter entities, fetching nothing', async () => {
    expect((await refusal(rss('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', '&xxe;'))).message).toBe(ENTITY_REFUSAL);
    expect((await refusal(rss(`<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${baseUrl}/x">]>`, '&xxe;'))).message).toBe(ENTITY_REFUSAL);
    expect((await refusal(rss(`<!DOCTYPE rss [<!ENTITY % p SYSTEM "${baseUrl}/p.dtd"> %p;]>`, 'x'))).message).toBe(ENTITY_REFUSAL);
    expect(requests).toEqual([]);
  });

  it('refuses declarations however the DOCTYPE is dressed: lower case, after comments, behind a quoted "]>", unclosed', async () => {
    const hidden = [
      '<!doctype rss [<!entity a "b">]>',
      '<!-- a comment --><?pi x?>\n<!DOCTYPE rss [<!ENTITY a "b">]>',
      '<!DOCTYPE rss [<!ATTLIST rss note CDATA "]>"> <!ENTITY a "b">]>',
      '<!DOCTYPE rss [<!-- ]> --> <!ENTITY a "b">]>',
    ];
    for (const doctype of hidden) {
      expect((await refusal(rss(doctype, '&a;'))).message).toBe(ENTITY_REFUSAL);
    }
    expect((await refusal('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b"> <rss>')).message).toBe(ENTITY_REFUSAL);
  });

  it('parses a feed naming an external DTD without declarations, and never fetches it', async () => {
    const feed = await parseFeed(rss(`<!DOCTYPE rss SYSTEM "${baseUrl}/rss-0.91.dtd">`, 'Harmless'), null);
    expect(feed.title).toBe('Harmless');
    expect(requests).toEqual([]);
  });

  it('keeps a reference to an undeclared entity as its literal text, never expanding it', async () => {
    const feed = await parseFeed('<rss version="2.0"><channel><title>&secret;</title></channel></rss>', null);
    expect(feed.title).toBe('&secret;');
  });

  it('reads no declarations from a DOCTYPE placed after the root element: its entities stay literal', async () => {
    const feed = await parseFeed('<rss version="2.0"><!DOCTYPE rss [<!ENTITY a "b">]><channel><title>&a;</title></channel></rss>', null);
    expect(feed.title).toBe('&a;');
  });

  it('reads markup nested deeper than a recursive reader could rebuild, without crashing', async () => {
    const depth = 20_000;
    const body = `<rss version="2.0"><channel><item><title>Deep</title><description>${'<a>'.repeat(depth)}x${'</a>'.repeat(depth)}</description></item></channel></rss>`;
    const feed = await parseFeed(body, null);
    expect(feed.entries[0]?.title).toBe('Deep');
    expect(feed.entries[0]?.summaryHtml).toBe('x');
    // An entry found 100,000 elements down still resolves its namespaces without recursing.
    const buried = `<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>${'<x>'.repeat(100_000)}<item><title>Buried</title><media:thumbnail url="https://img.test/b.jpg"/></item></channel></rss>`;
    expect((await parseFeed(buried, null)).entries[0]).toMatchObject({ title: 'Buried', image: 'https://img.test/b.jpg' });
  });
});

describe('parseFeed on arbitrary input', () => {
  const fragments = fc.constantFrom(
    '<?xml version="1.0"?>', '<!DOCTYPE rss [', '<!ENTITY a "&a;">', ']>', '<rss version="2.0">', '<channel>', '<item>',
    '<title>', '</title>', '<![CDATA[', ']]>', '&amp;', '&a;', '&#0;', '&#x110000;', '<feed xmlns="http://www.w3.org/2005/Atom">',
    '<entry>', '<published>', 'not a date', '</published>', '<link href="javascript:x"/>', '{"version":"https://jsonfeed.org/version/1.1"', ',"items":[',
    '{"id":1}', ']}', '\uFEFF', '\u0000', '<html>', '</rss>', '</channel>', '</item>',
  );
  const hostile = fc.oneof(fc.string(), fc.array(fc.oneof(fragments, fc.string({ maxLength: 5 })), { maxLength: 40 }).map((parts) => parts.join('')));

  it('either returns a ParsedFeed or throws HeraldError parse_failed, never anything else', async () => {
    await fc.assert(
      fc.asyncProperty(hostile, fc.option(fc.constantFrom('text/html', 'application/json', 'application/rss+xml')), async (body, type) => {
        try {
          const feed = await parseFeed(body, type);
          expect(['rss', 'atom', 'json']).toContain(feed.format);
          expect(Array.isArray(feed.entries)).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(HeraldError);
          expect((error as HeraldError).code).toBe('parse_failed');
        }
      }),
      { numRuns: 300 },
    );
  });
});
