// What a URL may show once it leaves the process (logs, chat replies, notices, status, errors).
// A feed URL can carry a secret: `?key=${FEED_KEY}` in the config, a token pasted into
// `/news subscribe`, `user:password@` in front of the host. Every path that prints a URL or a
// message that may quote one runs it through redactText (or redactUrl), so the rule lives here.
//
// Hidden: userinfo; values of query parameters named like a credential; values that came from
// `${...}` interpolation into a feed URL (rememberSecrets), wherever they appear.

const MASK = '***';

// Substrings of query parameter names that carry credentials: api_key, access_token, X-Amz-Signature,
// client_secret, password, auth, sessionid. Hiding the value of a harmless match costs nothing.
const CREDENTIAL_NAME = /key|token|secret|passw|pwd|sig|auth|session|credential|cookie|bearer/i;

// Values shorter than this are not hidden in free text: "1" or "en" would mask half a message.
const MIN_SECRET_LENGTH = 4;

// Interpolated values are few and live as long as the config that named them; a reload adds its
// own. Kept process-wide because every output edge needs them and none of them sees the config load.
const secrets = new Set<string>();

/** Values interpolated into feed URLs: hidden wherever they appear in redacted text from now on. */
export function rememberSecrets(values: Iterable<string>): void {
  for (const value of values) {
    if (value.length < MIN_SECRET_LENGTH) continue;
    secrets.add(value);
    // A URL may show the value percent-encoded.
    secrets.add(encodeURIComponent(value));
  }
}

function hideSecrets(text: string): string {
  let out = text;
  // Longest first, so a secret containing another is hidden whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join(MASK);
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return text;
  }
}

function redactQuery(search: string): string {
  if (search === '' || search === '?') return search;
  const pairs = search.slice(1).split('&').map((pair) => {
    const equals = pair.indexOf('=');
    if (equals < 0) return pair;
    const name = safeDecode(pair.slice(0, equals));
    const value = safeDecode(pair.slice(equals + 1));
    const hidden = CREDENTIAL_NAME.test(name) || [...secrets].some((secret) => value.includes(secret));
    return hidden && value !== '' ? `${pair.slice(0, equals)}=${MASK}` : pair;
  });
  return `?${pairs.join('&')}`;
}

/** A URL fit to show: no userinfo, no credential or interpolated values. Text that is no URL has its secrets hidden. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return hideSecrets(url);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return hideSecrets(url);
  const userinfo = parsed.username !== '' || parsed.password !== '' ? `${MASK}@` : '';
  const query = redactQuery(parsed.search);
  // A URL with nothing to hide is shown exactly as given, not in its normalized form.
  if (userinfo === '' && query === parsed.search) return hideSecrets(url);
  return hideSecrets(`${parsed.protocol}//${userinfo}${parsed.host}${parsed.pathname}${query}${parsed.hash}`);
}

// A URL inside free text ends at whitespace, a quote or an angle bracket (how messages quote them).
const URL_IN_TEXT = /\bhttps?:\/\/[^\s'"<>`]+/gi;

/** Free text (a message, an error, a log line) with every URL in it redacted and every remembered secret hidden. */
export function redactText(text: string): string {
  if (!text.includes('://') && secrets.size === 0) return text;
  return hideSecrets(text.replace(URL_IN_TEXT, (url) => redactUrl(url)));
}

// Parts of Herald's own fetch messages that help an operator but must not reach a chat: the
// first bytes of a response that is not a feed (a trusted host's admin page may answer
// "admin_password=..."), and what an internal host name resolves to. Logs keep them.
const BODY_QUOTE = / \(it starts with "(?:[^"\\]|\\.)*"\)/g;
const RESOLUTION = / resolves to .+?(?=; set fetch\.allowPrivateAddresses|$)/gm;

/** Text for people in a chat (replies, notices): redactText, without response bodies or internal resolutions. */
export function chatSafe(text: string): string {
  return redactText(text)
    .replace(BODY_QUOTE, '')
    .replace(RESOLUTION, ' resolves only to addresses Herald does not fetch from (private, loopback or reserved)');
}
