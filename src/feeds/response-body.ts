// A feed response body, from wire bytes to text: decompressed by us (so the size cap counts the
// decompressed bytes and a gzip bomb stops at the cap) and decoded with the charset the response
// declares.
import { Writable } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MIMEType, TextDecoder } from 'node:util';
import zlib from 'node:zlib';

/** What the fetcher may accept on the wire; every one of these is decoded by decompressors(). */
export const ACCEPT_ENCODING = 'gzip, deflate, br';

/** The decoded body grew past the cap: the caller turns this into fetch_too_large. */
export class BodyTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`body is larger than ${maxBytes} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** The response used a Content-Encoding Herald cannot decode. */
export class UnsupportedEncodingError extends Error {
  constructor(readonly encoding: string) {
    super(`unsupported Content-Encoding '${encoding}'`);
    this.name = 'UnsupportedEncodingError';
  }
}

// Lenient flushing, as browsers do: a feed whose compressed stream is cut short still yields the
// bytes that arrived, and the parser then judges the (truncated) document.
const zlibOptions = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const brotliOptions = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

// Content codings and their decoders; null means "no transformation".
const DECODERS = new Map<string, (() => Transform) | null>([
  ['', null],
  ['identity', null],
  ['gzip', () => zlib.createGunzip(zlibOptions)],
  ['x-gzip', () => zlib.createGunzip(zlibOptions)],
  ['deflate', () => zlib.createInflate(zlibOptions)],
  ['br', () => zlib.createBrotliDecompress(brotliOptions)],
]);

/** Decoders for a Content-Encoding header, in the order to apply them (the reverse of the list). */
function decompressors(contentEncoding: string | null): Transform[] {
  if (contentEncoding === null) return [];
  const codings = contentEncoding.split(',').map((coding) => coding.trim().toLowerCase()).reverse();
  // Check every coding before creating any stream, so none is left open on a bad header.
  const unknown = codings.find((coding) => !DECODERS.has(coding));
  if (unknown !== undefined) throw new UnsupportedEncodingError(unknown);
  return codings.flatMap((coding) => DECODERS.get(coding)?.() ?? []);
}

/**
 * Reads a response body to the end, decompressing it and stopping as soon as the decompressed
 * size passes maxBytes (BodyTooLargeError); every stream in the chain is destroyed on any error.
 */
export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) {
        done(new BodyTooLargeError(maxBytes));
        return;
      }
      chunks.push(chunk);
      done();
    },
  });
  await pipeline([body, ...decompressors(contentEncoding), collect]);
  return Buffer.concat(chunks, size);
}

function bomCharset(bytes: Buffer): string | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  return null;
}

function headerCharset(contentType: string | null): string | null {
  if (contentType === null) return null;
  try {
    return new MIMEType(contentType).params.get('charset');
  } catch {
    return null;
  }
}

function xmlDeclaredCharset(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 1024).toString('latin1');
  return /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1] ?? null;
}

// Node 20.18.3 and later decode windows-1252 (also the label behind latin1, iso-8859-1 and
// us-ascii) as ISO-8859-1, so the bytes 0x80-0x9F (curly quotes, dashes, the euro sign) become
// C1 controls (nodejs/node#60888). This maps them as the WHATWG index does; a fixed Node emits
// no C1 controls for them, so the repair is then a no-op.
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function repairWindows1252(text: string): string {
  return text.replace(/[\u0080-\u009f]/g, (char) => CP1252_HIGH.charAt(char.charCodeAt(0) - 0x80));
}

/**
 * The body as text. The charset comes from a byte-order mark, else the Content-Type header,
 * else the XML declaration, else UTF-8; an unknown label falls back to UTF-8, and bytes invalid
 * in the charset become U+FFFD rather than failing the feed.
 */
export function decodeBody(bytes: Buffer, contentType: string | null): string {
  const label = bomCharset(bytes) ?? headerCharset(contentType) ?? xmlDeclaredCharset(bytes) ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  const text = decoder.decode(bytes);
  return decoder.encoding === 'windows-1252' ? repairWindows1252(text) : text;
}
