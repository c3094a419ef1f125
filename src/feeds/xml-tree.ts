// A feed document as a tree, read the way a forgiving feed reader reads it: htmlparser2 in XML
// mode keeps going past a bare `&`, an unknown entity, a mismatched or missing close tag and a
// document cut short, and closes what was left open. Elements are then named by namespace, not
// by the prefix a publisher happened to pick (`<a:feed>`, `<rss:item>`, `<media:group>`), with
// the conventional prefixes standing in for namespaces a broken feed forgot to declare.
//
// Everything here walks the tree with an explicit stack, never recursion: a hostile feed may
// nest elements hundreds of thousands deep.
import { DomHandler, isCDATA, isTag, isText } from 'domhandler';
import type { AnyNode, Document, Element } from 'domhandler';
import render from 'dom-serializer';
import { Parser } from 'htmlparser2';

export type { Element } from 'domhandler';

export interface XmlTree {
  document: Document;
  /** Where the first element that had to be closed for the publisher was opened, or null when none was. */
  repairedAt: { line: number; column: number; element: string } | null;
}

/** Local names of the elements that are feed entries, whatever their prefix or case: a cheap test before namespaces. */
export const ENTRY_NAME = /(?:^|:)(?:item|entry)$/i;

class RepairTrackingHandler extends DomHandler {
  firstImplied: { index: number; element: string } | null = null;
  closedEntries = 0;

  override onclosetag(name?: string, isImplied?: boolean): void {
    const open = this.tagStackTop();
    if (isImplied === true && this.firstImplied === null && open !== null) {
      this.firstImplied = { index: open.startIndex ?? 0, element: name ?? open.name };
    }
    if (open !== null && ENTRY_NAME.test(open.name)) this.closedEntries += 1;
    super.onclosetag();
  }

  private tagStackTop(): Element | null {
    const top = (this as unknown as { tagStack: AnyNode[] }).tagStack.at(-1);
    return top !== undefined && isTag(top) ? top : null;
  }
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: index - lineStart + 1 };
}

// Fed in slices so a time budget is checked while a large body is read, not only after it.
const SLICE = 64 * 1024;

export interface ReadOptions {
  /** Runs between slices of the body; may throw to stop reading (the parse budget). */
  checkpoint?: () => void;
  /**
   * Reading stops at the end of the slice in which this many entries (<item>, <entry>) have
   * closed: later entries would be dropped anyway, and a feed of millions of empty items then
   * costs what its first ones cost.
   */
  maxEntries?: number;
}

/** Parses `xml` leniently; never throws on malformed input (only what `checkpoint` throws). */
export function readXmlTree(xml: string, options: ReadOptions = {}): XmlTree {
  const handler = new RepairTrackingHandler(undefined, { withStartIndices: true, xmlMode: true });
  const parser = new Parser(handler, { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true });
  const maxEntries = options.maxEntries ?? Number.POSITIVE_INFINITY;
  for (let offset = 0; offset < xml.length && handler.closedEntries < maxEntries; offset += SLICE) {
    options.checkpoint?.();
    parser.write(xml.slice(offset, offset + SLICE));
  }
  parser.end();
  const implied = handler.firstImplied;
  return {
    document: handler.root,
    repairedAt: implied === null ? null : { ...lineAndColumn(xml, implied.index), element: implied.element },
  };
}

// Namespaces feeds use, by the short name the reader matches on. The RSS 0.90 and 1.0
// namespaces name the same core elements as RSS 2.0, which has none.
const NAMESPACES: Readonly<Record<string, string>> = {
  'http://www.w3.org/2005/atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://channel.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  // A feed pasted into an XHTML page inherits the page's default namespace.
  'http://www.w3.org/1999/xhtml': '',
};

// Prefixes as publishers conventionally write them, for feeds that use one without declaring it.
const CONVENTIONAL_PREFIXES: Readonly<Record<string, string>> = { a10: 'atom', atom: 'atom' };

// Namespace bindings in scope at an element, per prefix, resolved once per parent: siblings share them.
const scopes = new WeakMap<Element, Map<string, string | null>>();

/**
 * The namespace URI bound to `prefix` ('' for the default namespace) at `element`, or null.
 * Walks up to the nearest element that declares it or whose parent already resolved it, then
 * caches the answer on every parent passed, without recursion (nesting may be very deep).
 */
function namespaceOf(element: Element, prefix: string): string | null {
  const attribute = prefix === '' ? 'xmlns' : `xmlns:${prefix}`;
  const unresolved: Element[] = [];
  let uri: string | null = null;
  for (let node: Element | null = element; node !== null; ) {
    const own = node.attribs[attribute];
    if (own !== undefined) {
      uri = own.trim().toLowerCase();
      break;
    }
    const parent: Element | null = node.parent !== null && isTag(node.parent) ? node.parent : null;
    const cached = parent === null ? null : scopes.get(parent)?.get(prefix);
    if (cached !== undefined && cached !== null) {
      uri = cached;
      break;
    }
    if (parent === null || cached === null) break;
    unresolved.push(parent);
    node = parent;
  }
  for (const parent of unresolved) {
    let scope = scopes.get(parent);
    if (scope === undefined) {
      scope = new Map();
      scopes.set(parent, scope);
    }
    scope.set(prefix, uri);
  }
  return uri;
}

/** The namespace's short name of an element (null: unprefixed in no known namespace). */
function shortName(element: Element, prefix: string): string | null {
  const uri = namespaceOf(element, prefix);
  const known = uri === null ? undefined : NAMESPACES[uri];
  return known ?? (prefix === '' ? null : (CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? prefix.toLowerCase()));
}

/**
 * `short:local` for an element in a known namespace (`atom:entry`, `media:group`), `local` for
 * RSS's core elements (`item`, `title`), `prefix:local` otherwise; local names are lower-cased,
 * as CDF and some hand-written feeds write `<ITEM>`. `core` names what unprefixed elements in
 * no known namespace are: 'atom' inside an Atom document that forgot its xmlns.
 */
export function elementKey(element: Element, core: '' | 'atom'): string {
  const colon = element.name.indexOf(':');
  const local = element.name.slice(colon + 1).toLowerCase();
  const short = shortName(element, colon === -1 ? '' : element.name.slice(0, colon)) ?? core;
  return short === '' ? local : `${short}:${local}`;
}

export function childElements(node: AnyNode): Element[] {
  return 'children' in node ? node.children.filter(isTag) : [];
}

/**
 * Elements in document order for which `take` says 'take' (collected, not descended into),
 * 'skip' (neither) or 'descend'. At most `limit` are collected.
 */
export function collectElements(root: AnyNode, take: (element: Element) => 'take' | 'skip' | 'descend', limit: number): Element[] {
  const found: Element[] = [];
  const stack: AnyNode[] = [root];
  while (stack.length > 0 && found.length < limit) {
    const node = stack.pop()!;
    if (node !== root) {
      if (!isTag(node)) continue;
      const verdict = take(node);
      if (verdict === 'take') found.push(node);
      if (verdict !== 'descend') continue;
    }
    if ('children' in node) for (let i = node.children.length - 1; i >= 0; i -= 1) stack.push(node.children[i]!);
  }
  return found;
}

/** The concatenated character data under `node` (text and CDATA), in document order. */
export function textContent(node: AnyNode): string {
  let text = '';
  const stack: AnyNode[] = [node];
  while (stack.length > 0) {
    const current = stack.pop()!;
    if (isText(current)) text += current.data;
    else if ('children' in current) for (let i = current.children.length - 1; i >= 0; i -= 1) stack.push(current.children[i]!);
  }
  return text;
}

/**
 * The content of an element as HTML: its character data when that is all it holds (feeds
 * escape their HTML or wrap it in CDATA), else its children serialized whole, so inline markup
 * in an Atom xhtml title or in unescaped HTML a feed pasted in keeps its words in order.
 */
export function innerMarkup(element: Element): string {
  const onlyText = element.children.every((child) => isText(child) || isCDATA(child));
  if (onlyText) return textContent(element);
  try {
    return render(element.children, { xmlMode: false, decodeEntities: true, encodeEntities: 'utf8' });
  } catch (error) {
    // dom-serializer recurses; markup nested past the stack is read as its text.
    if (error instanceof RangeError) return textContent(element);
    throw error;
  }
}
