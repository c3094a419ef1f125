// What Herald checks in an XML body before any XML parser sees it, and why.
//
// Pinned by tests/feeds/xml-safety.test.ts against the installed reader (htmlparser2 in XML
// mode): it never reads a DTD, knows only the XML entities and character references, and leaves
// any other reference as its literal text. Declared entities are therefore never expanded
// ("billion laughs", quadratic blowup, SYSTEM "file:///etc/passwd"), and external DTDs and
// entities are never fetched.
// A feed that declares entities still cannot be read as its publisher meant, so any DOCTYPE
// that declares them is refused here, in linear time and with a reason a person can act on;
// the test suite pins the reader's behaviour, so an upgrade that starts expanding entities fails
// loudly. A DOCTYPE without declarations (old RSS 0.91 feeds name Netscape's DTD) is harmless
// and passes.

/** The parts of an XML prolog that decide whether and how the body is parsed. */
export interface XmlProlog {
  /** The DOCTYPE's text from its name to its closing `>`, or null when there is none. */
  doctype: string | null;
  /** The root element's qualified name, or null when no element start follows the prolog. */
  root: string | null;
}

const DOCTYPE_OPEN = /^<!DOCTYPE/i;
const ROOT_NAME = /^<([A-Za-z_][\w.:-]*)/;
const ENTITY_DECLARATION = /<!ENTITY/i;

/**
 * Index just past the DOCTYPE that starts at `start`, or -1 when it never closes. Quoted
 * literals and comments are skipped so a `>` or `]` inside them does not end it early.
 */
function doctypeEnd(xml: string, start: number): number {
  let inSubset = false;
  let i = start + '<!DOCTYPE'.length;
  while (i < xml.length) {
    const char = xml[i];
    if (char === '"' || char === "'") {
      const close = xml.indexOf(char, i + 1);
      if (close === -1) return -1;
      i = close + 1;
      continue;
    }
    if (inSubset && xml.startsWith('<!--', i)) {
      const close = xml.indexOf('-->', i + 4);
      if (close === -1) return -1;
      i = close + 3;
      continue;
    }
    if (char === '[') inSubset = true;
    else if (char === ']') inSubset = false;
    else if (char === '>' && !inSubset) return i + 1;
    i += 1;
  }
  return -1;
}

/** Reads the prolog (XML declaration, comments, processing instructions, DOCTYPE) of `xml`. */
export function readProlog(xml: string): XmlProlog {
  let doctype: string | null = null;
  let i = 0;
  for (;;) {
    while (i < xml.length && /\s/.test(xml.charAt(i))) i += 1;
    if (xml.startsWith('<?', i)) {
      const close = xml.indexOf('?>', i + 2);
      if (close === -1) return { doctype, root: null };
      i = close + 2;
    } else if (xml.startsWith('<!--', i)) {
      const close = xml.indexOf('-->', i + 4);
      if (close === -1) return { doctype, root: null };
      i = close + 3;
    } else if (DOCTYPE_OPEN.test(xml.slice(i, i + 9))) {
      const end = doctypeEnd(xml, i);
      // An unclosed DOCTYPE is still checked for declarations: it may hide them all.
      doctype = xml.slice(i + 9, end === -1 ? xml.length : end - 1).trim();
      if (end === -1) return { doctype, root: null };
      i = end;
    } else {
      return { doctype, root: ROOT_NAME.exec(xml.slice(i, i + 256))?.[1] ?? null };
    }
  }
}

/** The reason to refuse an XML document before parsing it, or null when it may be parsed. */
export function unsafeXmlReason(prolog: XmlProlog): string | null {
  if (prolog.doctype !== null && ENTITY_DECLARATION.test(prolog.doctype)) {
    return 'the document declares entities (<!ENTITY>), which Herald refuses to expand: feeds never need them; ask the publisher to drop the DOCTYPE';
  }
  return null;
}
