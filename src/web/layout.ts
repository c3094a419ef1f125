// The page shell every panel page shares: landmarks (header, nav, main), a skip link, the
// navigation with the current page marked, the flash message of the last change, and the style.
// Templates are hono's `html` tagged literals: every interpolated string is escaped; only
// other `html` results (already escaped) pass as markup.
import { createHash } from 'node:crypto';
import { html, raw } from 'hono/html';
import type { Flash } from './sessions.ts';

export type Html = ReturnType<typeof html>;

export const NAV = [
  { href: '/', label: 'Overview' },
  { href: '/feeds', label: 'Feeds' },
  { href: '/channels', label: 'Channels' },
  { href: '/query', label: 'Query tester' },
  { href: '/outbox', label: 'Outbox' },
  { href: '/topics', label: 'Topics' },
] as const;

// System fonts, dark text on white (contrast above 7:1), links underlined, focus always visible,
// tables scroll sideways on a phone instead of the page.
const CSS = `
:root{color-scheme:light;--fg:#1b1b1f;--muted:#4a4a55;--line:#c9c9d1;--accent:#0b4fb3;--bad:#a10f1f;--good:#0d6b2e;--warn:#7a4b00}
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:#fff}
a{color:var(--accent)}
a:focus-visible,button:focus-visible,input:focus-visible,select:focus-visible,textarea:focus-visible,[tabindex]:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:.5rem}
.skip:focus{left:.5rem}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;padding:.5rem 1rem;border-bottom:1px solid var(--line)}
header .brand{font-weight:700;margin:0}
nav ul{display:flex;flex-wrap:wrap;gap:.25rem 1rem;list-style:none;margin:0;padding:0}
nav a[aria-current=page]{font-weight:700;text-decoration-thickness:3px}
header form{margin-left:auto}
main{padding:1rem;max-width:72rem}
main:focus{outline:none}
h1{font-size:1.5rem;margin:.5rem 0 1rem}
h2{font-size:1.3rem;margin:1.5rem 0 .5rem}
h3{font-size:1.05rem;margin:1rem 0 .4rem}
article{border:1px solid var(--line);padding:.25rem 1rem 1rem;margin-bottom:1rem}
article ul{padding-left:1.2rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.3rem 0}
dt{font-weight:600}
dd{margin:0}
dd pre{margin:0}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.flash{border:2px solid var(--good);padding:.5rem 1rem;margin-bottom:1rem}
.flash.error{border-color:var(--bad)}
.flash p{margin:.25rem 0}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:.4rem .5rem;border-bottom:1px solid var(--line)}
td.num{text-align:right}
th[scope=row]{min-width:14rem}
code.url{font-weight:400;font-size:.85rem;word-break:break-all}
.actions{margin-top:.3rem;display:flex;gap:.4rem;flex-wrap:wrap}
.badge{display:inline-block;border:1px solid currentColor;border-radius:.25rem;padding:0 .3rem;font-size:.85rem}
.ok{color:var(--good)}.failing{color:var(--bad)}.muted{color:var(--muted)}.held{color:var(--warn)}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:1rem;padding:0;list-style:none}
.cards li{border:1px solid var(--line);padding:.75rem}
.cards .count{display:block;font-size:1.6rem;font-weight:700}
form.inline{display:inline}
label{display:block;font-weight:600;margin:.5rem 0 .2rem}
input[type=text],input[type=url],input[type=password],select,textarea{width:100%;max-width:40rem;font:inherit;padding:.4rem;border:1px solid var(--muted)}
button{font:inherit;padding:.35rem .8rem;border:1px solid var(--accent);background:var(--accent);color:#fff;cursor:pointer}
button.secondary{background:#fff;color:var(--accent)}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f3f3f6;padding:.5rem}
code{overflow-wrap:anywhere}
`;

/** For the Content-Security-Policy: the one inline style allowed. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(CSS).digest('base64')}'`;

export interface PageOptions {
  title: string;
  /** The NAV entry to mark as the current page. */
  current: string;
  csrf: string;
  flash: Flash | null;
  body: Html;
}

/** A hidden field carrying the session's CSRF token: every form includes it. */
export function csrfField(csrf: string): Html {
  return html`<input type="hidden" name="_csrf" value="${csrf}">`;
}

/**
 * A one-button form posting to `action` (retry, drop, poll now): a form, so it works without
 * script. Its accessible name is the visible label and, hidden, what it acts on ("Poll now (harbour)").
 */
export function actionButton(action: string, label: string, target: string, csrf: string, secondary = false): Html {
  return html`<form class="inline" method="post" action="${action}">${csrfField(csrf)}<button type="submit"${secondary ? html` class="secondary"` : ''}>${label}<span class="sr-only"> (${target})</span></button></form>`;
}

function flashBlock(flash: Flash | null): Html | string {
  if (flash === null) return '';
  return html`<div class="flash ${flash.status}" role="${flash.status === 'error' ? 'alert' : 'status'}"><p><strong>${flash.headline}</strong></p>${flash.lines.map((line) => html`<p>${line}</p>`)}</div>`;
}

export function page(options: PageOptions): Html {
  const links = NAV.map((entry) => html`<li><a href="${entry.href}"${entry.href === options.current ? html` aria-current="page"` : ''}>${entry.label}</a></li>`);
  return document(
    options.title,
    html`<a class="skip" href="#main">Skip to content</a>
<header><p class="brand">Herald</p><nav aria-label="Main"><ul>${links}</ul></nav>
<form method="post" action="/sign-out">${csrfField(options.csrf)}<button type="submit" class="secondary">Sign out</button></form></header>
<main id="main" tabindex="-1"><h1>${options.title}</h1>${flashBlock(options.flash)}${options.body}</main>
<script src="/assets/panel.js" defer></script>`,
  );
}

/** The sign-in page: the one page served without a session. */
export function signInPage(csrf: string, problem: string | null): Html {
  return document(
    'Sign in',
    html`<main id="main"><h1>Sign in to Herald</h1>
${problem === null ? '' : html`<div class="flash error" role="alert"><p>${problem}</p></div>`}
<form method="post" action="/sign-in">${csrfField(csrf)}
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required aria-describedby="token-help">
<p id="token-help" class="muted">The value of HERALD_WEB_TOKEN (or the file HERALD_WEB_TOKEN_FILE names) on the server.</p>
<button type="submit">Sign in</button></form></main>`,
  );
}

function document(title: string, body: Html): Html {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title} · Herald</title><style>${raw(CSS)}</style></head><body>${body}</body></html>`;
}
