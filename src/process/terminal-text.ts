// Text from somebody else, made safe to print on a terminal: what a request carried must show as text, never act as
// escape sequences (set the window title, clear the screen, write the clipboard with OSC 52, move the cursor).

/**
 * Control characters (C0, DEL and C1, where ESC and the 8-bit CSI/OSC start every sequence), line and paragraph
 * separators, and the bidirectional controls that make a line read other than it is. Joiners and variation selectors
 * stay: emoji need them.
 */
const UNSAFE = /[\p{Cc}\p{Zl}\p{Zp}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escape = (char: string): string => {
  const named = NAMED[char];
  if (named) return named;
  const code = char.codePointAt(0)!;
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
};

/** `text` with every unsafe character written as an escape (`\x1b`, `\n`, `\u{202e}`), cut to `max` characters. */
export function printable(text: string, max = Number.POSITIVE_INFINITY): string {
  // Never cut between the halves of a surrogate pair: half a character prints as U+FFFD.
  const end = max > 0 && /[\ud800-\udbff]/.test(text.charAt(max - 1)) ? max - 1 : max;
  const cut = text.length > max ? `${text.slice(0, end)}… (${text.length - end} more characters)` : text;
  return cut.replace(UNSAFE, escape);
}

/**
 * Characters JSON.stringify leaves as they are and a terminal acts on or reorders: DEL and the C1 controls (0x9b is an
 * 8-bit CSI), the line and paragraph separators, the bidirectional controls. C0 controls are escaped by JSON itself.
 */
const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `value` as one line of JSON that parses back to the same value and prints as text on a terminal. */
export function printableJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
