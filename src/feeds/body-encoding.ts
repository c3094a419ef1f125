// Which character encoding a feed's bytes are in, decided as browsers and feed readers decide it
// (the WHATWG encoding sniffing order and XML 1.0 appendix F), then decoded by iconv-lite. Real
// feeds lie about their encoding often: a declaration of ISO-8859-1 over a body that is really
// UTF-8, Latin-1 text with no declaration at all, UTF-16 without a byte-order mark.
import { isUtf8 } from 'node:buffer';
import { MIMEType } from 'node:util';
import iconv from 'iconv-lite';

export type EncodingSource = 'bom' | 'xml-pattern' | 'utf8-valid' | 'header' | 'declaration' | 'fallback';

export interface DetectedEncoding {
  /** An iconv-lite encoding name. */
  encoding: string;
  /** What decided it, for tests and logs. */
  source: EncodingSource;
  /** Bytes to skip before decoding (a byte-order mark). */
  skip: number;
}

// Byte-order marks, longest first so UTF-32LE's FF FE 00 00 is not read as UTF-16LE's FF FE.
const BOMS: ReadonlyArray<[number[], string]> = [
  [[0x00, 0x00, 0xfe, 0xff], 'utf-32be'],
  [[0xff, 0xfe, 0x00, 0x00], 'utf-32le'],
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

// XML 1.0 appendix F: how `<` or `<?` looks in each BOM-less multi-byte encoding.
const XML_PATTERNS: ReadonlyArray<[number[], string]> = [
  [[0x00, 0x00, 0x00, 0x3c], 'utf-32be'],
  [[0x3c, 0x00, 0x00, 0x00], 'utf-32le'],
  [[0x00, 0x3c, 0x00, 0x3f], 'utf-16be'],
  [[0x3c, 0x00, 0x3f, 0x00], 'utf-16le'],
];

// Where JSON Feed starts, in BOM-less UTF-16 (RFC 8259 and ECMA-404 allow only `{` first here).
const JSON_PATTERNS: ReadonlyArray<[number[], string]> = [
  [[0x00, 0x7b], 'utf-16be'],
  [[0x7b, 0x00], 'utf-16le'],
];

function startsWith(bytes: Uint8Array, pattern: number[]): boolean {
  return pattern.every((byte, index) => bytes[index] === byte);
}

/** A charset label as an iconv-lite encoding; null for a label iconv-lite does not know. */
function known(label: string | null | undefined): string | null {
  if (!label) return null;
  const name = label.trim().toLowerCase();
  // WHATWG maps these labels to windows-1252, and real Latin-1 feeds use its 0x80-0x9F quotes.
  if (['iso-8859-1', 'latin1', 'us-ascii', 'ascii', 'iso8859-1', 'l1'].includes(name)) return 'windows-1252';
  return iconv.encodingExists(name) ? name : null;
}

function headerCharset(contentType: string | null): string | null {
  if (contentType === null) return null;
  try {
    return known(new MIMEType(contentType).params.get('charset'));
  } catch {
    return null;
  }
}

function declaredCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return known(/^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)?.[1]);
}

function isUtf8Family(encoding: string): boolean {
  return encoding.replace('-', '') === 'utf8';
}

/** Whether `encoding` reads ASCII bytes as ASCII (so a valid UTF-8 body can contradict it). */
function asciiCompatible(encoding: string): boolean {
  return !/^(utf-?(16|32)|ucs-?2)/.test(encoding);
}

function usable(label: string | null): string | null {
  return label !== null && asciiCompatible(label) ? label : null;
}

/**
 * The encoding of a feed body: a byte-order mark, then the XML byte patterns of BOM-less
 * UTF-16/32, then the Content-Type charset or the XML declaration, except that a body that is
 * valid UTF-8 (with non-ASCII bytes) is UTF-8 whatever an ASCII-compatible label says, and a
 * body that is not valid UTF-8 and declares nothing else is windows-1252.
 */
export function detectEncoding(bytes: Uint8Array, contentType: string | null): DetectedEncoding {
  for (const [bom, encoding] of BOMS) {
    if (startsWith(bytes, bom)) return { encoding, source: 'bom', skip: bom.length };
  }
  for (const [pattern, encoding] of [...XML_PATTERNS, ...JSON_PATTERNS]) {
    if (startsWith(bytes, pattern)) return { encoding, source: 'xml-pattern', skip: 0 };
  }
  // A UTF-16/32 label over bytes with neither a BOM nor the byte pattern is a wrong label: the
  // declaration was readable as ASCII, so the body is not in that encoding.
  const header = usable(headerCharset(contentType));
  const label = header ?? usable(declaredCharset(bytes));
  const source: EncodingSource = header === null ? 'declaration' : 'header';
  const validUtf8 = isUtf8(bytes);
  if (validUtf8) {
    const contradicted = label !== null && !isUtf8Family(label) && bytes.some((byte) => byte > 0x7f);
    return { encoding: 'utf-8', source: contradicted || label === null ? 'utf8-valid' : source, skip: 0 };
  }
  if (label !== null && !isUtf8Family(label)) return { encoding: label, source, skip: 0 };
  return { encoding: 'windows-1252', source: 'fallback', skip: 0 };
}

/** The body as text, in the encoding detectEncoding finds; never fails. */
export function decodeFeedBody(bytes: Uint8Array, contentType: string | null): string {
  const { encoding, skip } = detectEncoding(bytes, contentType);
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset + skip, bytes.byteLength - skip), encoding, { stripBOM: false });
}
