// What the `wright` command writes to a terminal carries no control characters other than newline and tab: a
// message may quote a tool's output or a file name, and an escape sequence in them (ESC, BEL, a lone CR, C1
// codes) could recolour, retitle or overwrite the terminal. Each is shown as "?".
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function terminalSafe(text: string): string {
  return text.replace(CONTROL, '?');
}
