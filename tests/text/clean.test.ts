import { describe, expect, it } from 'vitest';
import { cleanText, MAX_INPUT_LENGTH } from '../../src/text/clean.ts';
import { aggregatorBody, aggregatorHeadline, aggregatorPage, repeatedParagraph } from './fixtures/aggregator.ts';
import { brokerItem, ferryItem, liveBlogItem } from './fixtures/topic-feed.ts';

const body = 'Port workers returned to the docks on Monday.';

describe('cleanText: HTML to text', () => {
  it.each([
    ['entities decoded', '<p>Tides &amp; currents &#8220;rose&#8221; &gt; 2m</p>', 'Tides & currents “rose” > 2m'],
    ['scripts and styles dropped', '<style>p{color:red}</style><p>Calm seas.</p><script>alert(1)</script>', 'Calm seas.'],
    ['paragraphs become blank-line breaks', '<p>One.</p><div>Two.</div><h2>Three</h2><p>Four.</p>', 'One.\n\nTwo.\n\nThree\n\nFour.'],
    ['line breaks stay single', '<p>First line<br>second line</p>', 'First line\nsecond line'],
    ['links become their text', '<p>See <a href="https://x.example/a">the report</a>.</p>', 'See the report.'],
    ['images dropped', '<p>Before <img src="a.png" alt="ALT TEXT"> after</p>', 'Before after'],
    ['headings keep their case', '<h1>Quiet Harbour</h1>', 'Quiet Harbour'],
    ['whitespace normalized', '<p>  a \t\u00A0 b  </p>\n\n\n<p>c</p>', 'a b\n\nc'],
    ['plain text keeps its "<" and line breaks', 'Rates < 5% &amp; rising\nSecond line', 'Rates < 5% & rising\n\nSecond line'],
    ['ANSI and control characters stripped', '\u001b[31mRed\u001b[0m alert\u0007 now\u202E', 'Red alert now'],
    ['encoded escape sequences stripped after decoding', '<p>bell&#7;ring &#27;[2Jclear</p>', 'bellring clear'],
    ['empty input', '', ''],
    ['markup only', '<div><span> </span></div>', ''],
  ])('%s', (_name, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });
});

describe('cleanText: boilerplate', () => {
  it.each([
    ['"Continue reading..." paragraph', `<p>${body}</p><p><a href="#">Continue reading...</a></p>`],
    ['"Continue reading…" on the same line', `<p>${body} Continue reading…</p>`],
    ['"Read more" link', `<p>${body}</p><p><a href="#">Read more</a></p>`],
    ['"Read more »" after a sentence', `<p>${body} Read more »</p>`],
    ['"Read the full story" trailer', `<p>${body} Read the full story here.</p>`],
    ['WordPress footer', `<p>${body}</p><p>The post <a href="#">Dock strike ends</a> appeared first on <a href="#">Coast Weekly</a>.</p>`],
    ['WordPress footer inline', `<p>${body} The post Dock strike ends appeared first on Coast Weekly.</p>`],
    ['newsletter plug', `<p>${body}</p><p>Sign up for our free weekly briefing newsletter to get the best stories</p>`],
    ['subscribe plug', `<p>${body}</p><p>Subscribe to Harbour Daily's email alerts</p>`],
    ['click here line', `<p>${body}</p><p>Click here to watch the interview.</p>`],
    ['click here after a sentence', `<p>${body} Click here for more pictures.</p>`],
    ['share and comment chrome', `<p>${body}</p><p>Share this article</p><p>12 Comments</p><p>No comments yet...</p><p>Leave a reply</p>`],
    ['related heading and everything after it', `<p>${body}</p><h3>Related Articles</h3><p>An unrelated story about rail fares rising again.</p>`],
    ['"You may also like" heading', `<p>${body}</p><p>You may also like:</p><p>Ten beaches to visit this summer.</p>`],
    ['image credit line', `<p>${body}</p><p>Photograph: Ana Lind/Coastal Press</p>`],
    ['image credit after a caption', `<p>${body} Photograph: Ana Lind/Coastal Press</p>`],
    ['parenthesised photo credit', `<p>${body} (Photo by Ana Lind/Coastal Press)</p>`],
    ['closed live blog note', `<p>This live blog is closed</p><p>${body}</p>`],
    ['trailing labels and widget titles', `${body}\nHashtags\nTry Our Smart Features\nExplore what Brightline AI can do for you:`],
    ['advertisement marker', `<p>Advertisement</p><p>${body}</p>`],
    ['a bracketed credit, then the trailer it stood before', `<p>${body} (Photo by Ana Lind) Click here for more.</p>`],
  ])('removes %s', (_name, input) => {
    expect(cleanText(input)).toBe(body);
  });

  it('removes each trailer from lines whose words merely contain "read" or "image"', () => {
    // Each pattern is run only where its own words are (issue 20); these lines need every one.
    const line = 'Bakers already spread the bread thin, imagined a picture.';
    expect(cleanText(`<p>${line} Read the full story here.</p>`)).toBe(line);
    expect(cleanText(`<p>${line} The post Bread prices appeared first on Coast Weekly.</p>`)).toBe(line);
    expect(cleanText(`<p>${line} Photograph: Ana Lind/Coastal Press</p>`)).toBe(line);
    expect(cleanText(`<p>${line}</p>`)).toBe(line);
  });

  it('turns a WordPress "[…]" excerpt mark into an ellipsis', () => {
    expect(cleanText('<p>The council met to discuss the harbour wall and [&hellip;]</p>')).toBe(
      'The council met to discuss the harbour wall and…',
    );
  });

  it.each([
    ['"read more" inside a sentence', 'Libraries want children to read more.'],
    ['"Comments" opening a sentence', 'Comments from the minister were welcomed by the union.'],
    ['"Share" as a word', 'Share prices rose sharply after the announcement.'],
    ['"The post" as ordinary words', 'The post of harbour master has been vacant since spring.'],
    ['a short headline-like text with no sentence', 'Markets steady ahead of harbour vote'],
    ['a short sentence repeated in a quote', '"No." He paused. "No."'],
  ])('keeps %s', (_name, input) => {
    expect(cleanText(input)).toBe(input);
  });
});

describe('cleanText: feed shapes', () => {
  it('topic feed: keeps standfirst and first paragraph, drops the trailer', () => {
    expect(cleanText(ferryItem.html)).toBe(
      'The coastal republic’s decision to reopen the Marren crossing marks a thaw between the two harbours\n\n' +
        'Officials in Port Marren confirmed on Tuesday that the first sailing would leave next month. ' +
        'Fishing communities on both shores had lobbied for the route since it closed.',
    );
  });

  it('topic feed: drops the newsletter plug', () => {
    const text = cleanText(brokerItem.html);
    expect(text).not.toMatch(/sign up|newsletter|continue reading/i);
    expect(text).toMatch(/^Exclusive: Tomas Reyl was detained/);
  });

  it('topic feed: closed live blog loses its note, caption credit and trailer', () => {
    expect(cleanText(liveBlogItem.html)).toBe(
      'Delegates left the harbour hall late on Thursday after agreeing the first shared quota in a decade.\n\n' +
        'The agreement still needs the approval of both parliaments.',
    );
  });

  it('aggregator: the article once, no chrome, no related stories', () => {
    expect(cleanText(aggregatorPage)).toBe([aggregatorHeadline, ...aggregatorBody].join('\n\n'));
  });

  it('aggregator: an article repeated four times inside one paragraph appears once', () => {
    expect(cleanText(repeatedParagraph)).toBe(aggregatorBody.join(' '));
  });

  it('a one-sentence paragraph and the same sentence inside another are one sentence', () => {
    const once = 'The harbour wall will be rebuilt before winter.';
    const other = 'Crews start on Monday with the north pier.';
    expect(cleanText(`<p>${once}</p><p>${other} ${once}</p>`)).toBe(`${once}\n\n${other}`);
    expect(cleanText(`<p>${other} ${once}</p><p>${once.toUpperCase()}</p>`)).toBe(`${other} ${once}`);
  });

  it('repeated HTML paragraphs appear once, in first-seen order', () => {
    const html = '<p>Alpha paragraph stays first.</p><p>Beta paragraph comes second.</p>'.repeat(4);
    expect(cleanText(html)).toBe('Alpha paragraph stays first.\n\nBeta paragraph comes second.');
  });
});

describe('cleanText: hostile input', () => {
  it('cuts input longer than the cap before processing', () => {
    const words = Array.from({ length: 60_000 }, (_, i) => `w${i}`).join(' ');
    const out = cleanText(words);
    expect(out.length).toBeLessThanOrEqual(MAX_INPUT_LENGTH);
    expect(out.startsWith('w0 w1 w2')).toBe(true);
    expect(out).not.toContain('w59999');
  });

  it('survives deeply nested markup', () => {
    const html = '<div>'.repeat(5000) + 'deep text' + '</div>'.repeat(5000);
    expect(() => cleanText(html)).not.toThrow();
  });

  it('never leaves a lone surrogate, even when the cap splits a pair', () => {
    const input = 'a'.repeat(MAX_INPUT_LENGTH - 1) + '😀 tail';
    expect(cleanText(input)).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/u);
    expect(cleanText('lone \uD83D half')).toBe('lone half');
  });
});
