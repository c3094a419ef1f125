// Publisher and site chrome, recognised by its general shape rather than one paper's wording:
// "continue reading" trailers, WordPress footers, newsletter plugs, calls to click, share and
// comment widgets, image credits, and the headings after which a page stops being the article.
// Rules work on single lines; a paragraph is one or more lines.

// A trailer only counts where a sentence (or the line) has just ended, so "people read more."
// inside a sentence survives.
const AFTER_SENTENCE = String.raw`(?:^|(?<=[.!?…"”’)\]]\s*))`;

// The words each chrome pattern needs, as its own pattern: a line without them (most lines)
// skips the pattern, whose sentence-start lookbehind is tried at every position of the line.
// One test for any of the words let "already" and "bread" run them all (issue 20).
const READ_ON = String.raw`(?:continue reading|read more|read (?:the )?(?:full|whole|rest of the) (?:story|article|post|piece)|keep reading|full story)`;
const WORDPRESS = String.raw`\sappeared first on\s`;
const CLICK_HERE = String.raw`click here\b`;
const CREDIT = String.raw`(?:photograph|photo|picture|image|illustration|composite)s?(?: credit)?\s*:`;
const CREDIT_ANYWHERE = String.raw`\((?:photo|photograph|image|picture)s?\s+(?:by|credit|courtesy(?: of)?)\b`;

interface Chrome {
  needs: RegExp;
  pattern: RegExp;
}

function chrome(needs: string, pattern: string, flags = 'iu'): Chrome {
  return { needs: new RegExp(needs, 'iu'), pattern: new RegExp(pattern, flags) };
}

// In this order: credits in brackets anywhere, then what trails the line.
const CHROME: Chrome[] = [
  chrome(CREDIT_ANYWHERE, String.raw`\s*${CREDIT_ANYWHERE}[^()\n]{1,120}\)`, 'giu'),
  chrome(
    READ_ON,
    `${AFTER_SENTENCE}\\s*${READ_ON}(?:\\s+(?:here|at|on)\\b[^\\n]{0,80})?\\s*(?:\\.{2,}|…|»|›|→|>>|\\.|:)?\\s*$`,
  ),
  chrome(WORDPRESS, `${AFTER_SENTENCE}\\s*the post\\s[^\\n]{1,300}?${WORDPRESS}[^\\n]{1,200}$`),
  chrome(CLICK_HERE, `${AFTER_SENTENCE}\\s*${CLICK_HERE}[^\\n]{0,200}$`),
  // Inline credits trail a caption: "Balloons over the border. Photograph: A Name/Agency".
  chrome(CREDIT, `${AFTER_SENTENCE}\\s*${CREDIT}\\s*[^.!?\\n]{1,120}$`),
];

// WordPress and similar excerpts end with "[…]": keep the sign that text was cut, drop the brackets.
const EXCERPT_MARK = /\s*\[(?:…|\.\.\.)\]\s*$/u;

const DROP_LINE: RegExp[] = [
  /^(?:sign up|subscribe|register|get (?:our|the latest)|don[’']t miss)\b[^\n]{0,250}\b(?:newsletters?|e-?mails?|inbox|briefings?|updates|alerts|digest)\b[^\n]{0,100}$/iu,
  /^(?:photograph|photo|picture|image|illustration|composite|credit)s?(?: credit)?\s*:\s*[^\n]{1,120}$/iu,
  /^(?:\d+\s+)?(?:comments?|replies|shares?)\W*$/iu,
  /^(?:no comments(?: yet)?|be the first to comment|leave a (?:comment|reply)|join the (?:conversation|discussion)|view comments|show comments)\W*$/iu,
  /^(?:share|share this(?: article| story| post| page)?|share (?:on|via) [\p{L} ]{1,20}|tweet|print|email|e-mail|copy link|save|bookmark)\W*$/iu,
  /^(?:advertisement|sponsored(?: content)?|hashtags|tags|topics|follow us(?: on [\p{L} ]{1,20})?|loading)\W*$/iu,
  /^this (?:live ?blog|blog|article|story|page) (?:is|has been) (?:now )?(?:closed|archived)\W*$/iu,
];

// Everything from such a heading on belongs to the page around the article, not the article.
const END_OF_ARTICLE =
  /^(?:related(?: articles| stories| content| posts| coverage| news| reading)?|more (?:stories|articles|news|on this(?: story| topic)?|from [\p{L} ]{1,30})|recommended(?: for you| stories| articles| reading)?|you (?:may|might) also (?:like|be interested in)|read next|what to read next|see also|most (?:read|popular|viewed|shared)|trending(?: now| stories)?|popular (?:now|stories|articles)|top stories|latest (?:news|stories)|comments)\W*$/iu;

function wordCount(line: string): number {
  return line.split(/\s+/u).filter(Boolean).length;
}

/** A short line that does not end a sentence: a label, a button, a menu entry. */
function isLabel(line: string): boolean {
  if (/[:：]$/u.test(line)) return true;
  const endsSentence = /[.!?。！？]["'”’)\]]*$/u.test(line) && !/(?:\.\.\.|…)["'”’)\]]*$/u.test(line);
  return !endsSentence && wordCount(line) <= 6;
}

/** The line without trailing chrome, or null when the whole line is chrome. */
function cleanLine(line: string): string | null {
  let out = line;
  for (const { needs, pattern } of CHROME) if (needs.test(out)) out = out.replace(pattern, '');
  // The mark's pattern, anchored at the end, is tried from every position: only lines with a
  // "]" (few) can hold it.
  if (out.includes(']')) out = out.replace(EXCERPT_MARK, '…');
  out = out.trim();
  if (out === '' || DROP_LINE.some((pattern) => pattern.test(out))) return null;
  return out;
}

/**
 * Removes boilerplate from paragraphs of lines. Stops at the first end-of-article heading and
 * drops the run of labels (hashtags, widget titles, "Explore …:") left after the last sentence.
 */
export function removeBoilerplate(paragraphs: string[][]): string[][] {
  const kept: string[][] = [];
  outer: for (const paragraph of paragraphs) {
    const lines: string[] = [];
    for (const raw of paragraph) {
      if (END_OF_ARTICLE.test(raw.trim())) {
        if (lines.length > 0) kept.push(lines);
        break outer;
      }
      const line = cleanLine(raw);
      if (line !== null) lines.push(line);
    }
    if (lines.length > 0) kept.push(lines);
  }
  // A short headline-like text is all label; only trim labels that trail real sentences.
  if (kept.flat().every(isLabel)) return kept;
  while (kept.length > 0) {
    const last = kept[kept.length - 1]!;
    while (last.length > 0 && isLabel(last[last.length - 1]!)) last.pop();
    if (last.length > 0) break;
    kept.pop();
  }
  return kept;
}
