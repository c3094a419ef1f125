// Feed HTML (or plain text) to clean plain text: the library turns markup into text, then
// boilerplate and repeats go, then whitespace is made regular. Paragraphs are separated by a
// blank line, lines within a paragraph by a single newline.
import { decodeHTML } from 'entities';
import { compile } from 'html-to-text';
import { removeBoilerplate } from './boilerplate.ts';
import { removeRepeats } from './repeats.ts';
import { singleSpaced, sliceWhole, stripUnsafeCharacters } from './sanitize.ts';

/** Longer input is cut first, so hostile or runaway feeds cost bounded time. */
export const MAX_INPUT_LENGTH = 200_000;

const headingSelectors = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
  selector,
  options: { uppercase: false },
}));

const htmlToText = compile({
  wordwrap: false,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'picture', format: 'skip' },
    { selector: 'figure > figcaption', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'video', format: 'skip' },
    { selector: 'audio', format: 'skip' },
    { selector: 'svg', format: 'skip' },
    { selector: 'form', format: 'skip' },
    { selector: 'button', format: 'skip' },
    { selector: 'nav', format: 'skip' },
    { selector: 'blockquote', format: 'block' },
    { selector: 'ul', options: { itemPrefix: '• ' } },
    { selector: 'table', format: 'block' },
    { selector: 'tr', format: 'block' },
    { selector: 'td', format: 'inline' },
    { selector: 'th', format: 'inline' },
    ...headingSelectors,
  ],
  // Pathologically deep nesting is cut rather than walked.
  limits: { maxDepth: 256, ellipsis: '' },
});

const LOOKS_LIKE_HTML = /<(?:[a-z][a-z0-9-]*(?:\s[^>]*)?\/?|\/[a-z][a-z0-9-]*\s*|!--)>/iu;
// Markup escaped once too often (`&amp;lt;p&amp;gt;` in the XML) reaches us as `&lt;p&gt;`.
const ESCAPED_HTML = /&lt;(?:[a-z][a-z0-9-]*(?:\s[^&]*)?\/?|\/[a-z][a-z0-9-]*\s*)&gt;/iu;

/**
 * HTML as the library should see it: markup as is; markup escaped once too often decoded once
 * (only once, so text that escapes a literal "&lt;" on purpose keeps it); plain text wrapped.
 */
function asHtml(input: string): string {
  if (LOOKS_LIKE_HTML.test(input)) return input;
  if (ESCAPED_HTML.test(input)) return decodeHTML(input);
  return plainToHtml(input);
}

/**
 * Plain text keeps its line breaks as paragraph breaks and its "<" as text; entities such
 * as "&amp;" are still decoded, since feeds often escape their plain text once too often.
 */
function plainToHtml(text: string): string {
  return text
    .split(/\n+/u)
    .map((line) => `<p>${line.replace(/</gu, '&lt;')}</p>`)
    .join('');
}

function toParagraphs(text: string): string[][] {
  return text
    .split(/\n[ \t\u00A0]*\n/u)
    .map((paragraph) =>
      paragraph
        .split('\n')
        .map(singleSpaced)
        .filter((line) => line !== ''),
    )
    .filter((lines) => lines.length > 0);
}

/** Clean plain text from feed HTML or plain text: no markup, chrome, repeats or stray spaces. */
export function cleanText(html: string): string {
  // CRLF first: the character strip turns a lone CR into a space.
  const input = stripUnsafeCharacters(sliceWhole(html, MAX_INPUT_LENGTH).replace(/\r\n?/gu, '\n'));
  const text = htmlToText(asHtml(input));
  const paragraphs = removeRepeats(removeBoilerplate(toParagraphs(stripUnsafeCharacters(text))));
  return paragraphs.map((lines) => lines.join('\n')).join('\n\n');
}
