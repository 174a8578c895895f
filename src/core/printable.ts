// Text that reaches a terminal from a name someone else chose (a folder in a cloned repo, a
// profile from $AWS_PROFILE, a config path) must not drive the terminal: `\e]0;…\a` retitles the
// window, other sequences rewrite the screen or, on some terminals, answer back into the input.
// Every message line the tool prints goes through here once, at the place it is written.
//
// Escaped: C0 controls (tab and newline too: a message is one line), DEL, C1 controls (U+0080–
// U+009F: 8-bit CSI/OSC on some terminals), the line and paragraph separators and the bidi
// controls that can make a path read as something else. A backslash is left alone, so Windows
// paths stay readable and applying this twice changes nothing.
const UNPRINTABLE = /[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, "0");

/** `s` with every control character written as \xNN or \uNNNN; printable text is unchanged. */
export function printable(s: string): string {
  return s.replace(UNPRINTABLE, (c) => (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}
