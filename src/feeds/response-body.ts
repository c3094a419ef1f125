// A feed response body off the wire: decompressed by us, so the size cap counts the decompressed
// bytes and a gzip bomb stops at the cap. body-encoding.ts turns the bytes into text.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
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

type Decoder = (input: Buffer, options: zlib.ZlibOptions & zlib.BrotliOptions) => Promise<Buffer>;
const gunzip: Decoder = promisify(zlib.gunzip);
const inflate: Decoder = promisify(zlib.inflate);
const brotli: Decoder = promisify(zlib.brotliDecompress);

// Content codings and their decoders; null means "no transformation". Each decodes a whole body
// on libuv's thread pool, so a large one does not hold the event loop, and stops at the cap
// (maxOutputLength), so a bomb costs at most the cap.
const DECODERS = new Map<string, ((input: Buffer, maxBytes: number) => Promise<Buffer>) | null>([
  ['', null],
  ['identity', null],
  ['gzip', (input, maxBytes) => gunzip(input, { ...zlibOptions, maxOutputLength: maxBytes })],
  ['x-gzip', (input, maxBytes) => gunzip(input, { ...zlibOptions, maxOutputLength: maxBytes })],
  ['deflate', (input, maxBytes) => inflate(input, { ...zlibOptions, maxOutputLength: maxBytes })],
  ['br', (input, maxBytes) => brotli(input, { ...brotliOptions, maxOutputLength: maxBytes })],
]);

/** Decoders for a Content-Encoding header, in the order to apply them (the reverse of the list). */
function decoders(contentEncoding: string | null): ((input: Buffer, maxBytes: number) => Promise<Buffer>)[] {
  if (contentEncoding === null) return [];
  const codings = contentEncoding.split(',').map((coding) => coding.trim().toLowerCase()).reverse();
  const unknown = codings.find((coding) => !DECODERS.has(coding));
  if (unknown !== undefined) throw new UnsupportedEncodingError(unknown);
  return codings.flatMap((coding) => DECODERS.get(coding) ?? []);
}

/** A body read to the end: its digest, and its bytes joined only when asked for. */
export interface ReadBody {
  /** SHA-256 (hex) of the decompressed bytes: what a poll compares to tell an unchanged feed. */
  sha256: string;
  bytes(): Buffer;
}

/**
 * Reads a response body to the end and decompresses it, failing with BodyTooLargeError as soon
 * as the bytes on the wire, or the decompressed bytes, pass maxBytes; the body is destroyed on
 * any error. No stream pipeline: most bodies of a poll are read, hashed as last time's and
 * dropped, and a pipeline per body (its streams, its AbortController) cost more than the rest of
 * the read. An uncompressed body is hashed chunk by chunk and its chunks are only joined when
 * the body is parsed.
 */
export async function readBody(body: Readable, contentEncoding: string | null, maxBytes: number): Promise<ReadBody> {
  const decode = decoders(contentEncoding);
  let chunks: Buffer[] = [];
  let size = 0;
  const hash = createHash('sha256');
  // Leaving the loop early (the cap, an error) destroys the body.
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw new BodyTooLargeError(maxBytes);
    if (decode.length === 0) hash.update(chunk);
    chunks.push(chunk);
  }
  if (decode.length === 0) {
    let joined: Buffer | null = null;
    return {
      sha256: hash.digest('hex'),
      bytes() {
        if (joined === null) {
          joined = Buffer.concat(chunks, size);
          chunks = [];
        }
        return joined;
      },
    };
  }
  let bytes: Buffer = Buffer.concat(chunks, size);
  chunks = [];
  for (const step of decode) bytes = await step(bytes, maxBytes).catch((error: unknown) => Promise.reject(tooLarge(error, maxBytes) ?? error));
  const decoded = bytes;
  return { sha256: hash.update(decoded).digest('hex'), bytes: () => decoded };
}

function tooLarge(error: unknown, maxBytes: number): BodyTooLargeError | null {
  return (error as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE' ? new BodyTooLargeError(maxBytes) : null;
}
