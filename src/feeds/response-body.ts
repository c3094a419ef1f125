// A feed response body off the wire: decompressed by us, so the size cap counts the decompressed
// bytes and a gzip bomb stops at the cap. body-encoding.ts turns the bytes into text.
import { Writable } from 'node:stream';
import type { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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
