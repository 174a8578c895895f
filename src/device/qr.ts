import { t } from "../i18n/index.js";
import type { Env } from "../world.js";

// QR codes for a new virtual device. The qrcode library loads only here, on `device add`.

/** Assumed when the terminal cannot tell its width (a few emulators report 0). */
export const DEFAULT_COLUMNS = 80;

// Quiet zone (light modules around the code): the standard asks for 4. A narrow pane gets 2 before
// it gets no code at all; less is not drawn: zbar still reads 1, but phone apps vary, and a code
// that will not scan costs the person more than the one-line alternative.
const MARGINS = [4, 2];

// Black on an explicit white background: the code scans the same on dark and light terminals. These
// colours are the code itself, not decoration, so NO_COLOR does not turn them off.
const ON = "\x1b[30;47m";
const OFF = "\x1b[0m";
const DARK = "\x1b[40m";

// ▀ ▄ █ have "ambiguous" East Asian width: a terminal set to draw those two columns wide (common
// with CJK fonts and locales) stretches every other module and the code no longer scans. Spaces
// are one column everywhere, so there the code is drawn with coloured spaces, two per module: twice
// as wide, which needs a wide pane; when it does not fit, the compact code comes with a hint.
/** AWSMFA_QR=ascii: always the spaces drawing. */
export const QR_ENV = "AWSMFA_QR";

/** The language of the locale in gettext order (LC_ALL, LC_CTYPE, LANG): a CJK one may mean wide ▀. */
export function maybeWideBlocks(env: Env): boolean {
  const lang = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v) ?? "";
  return /^(ja|zh|ko)([_.@-]|$)/i.test(lang);
}

/**
 * Draws a module matrix with half blocks: one character cell holds two rows of modules (upper
 * half, lower half), so the code is as wide as it has modules and half as tall, and the modules
 * come out square in a terminal's 1:2 cells.
 */
export function halfBlocks(size: number, dark: (row: number, col: number) => boolean, margin: number): string[] {
  const at = (r: number, c: number) => r >= 0 && c >= 0 && r < size && c < size && dark(r, c);
  const lines: string[] = [];
  for (let r = -margin; r < size + margin; r += 2) {
    let line = "";
    for (let c = -margin; c < size + margin; c++) {
      const top = at(r, c);
      const bottom = at(r + 1, c);
      line += top ? (bottom ? "█" : "▀") : bottom ? "▄" : " ";
    }
    lines.push(ON + line + OFF);
  }
  return lines;
}

/** Two spaces per module, one line per module row, dark and light as background colours. */
export function spaceBlocks(size: number, dark: (row: number, col: number) => boolean, margin: number): string[] {
  const at = (r: number, c: number) => r >= 0 && c >= 0 && r < size && c < size && dark(r, c);
  const lines: string[] = [];
  for (let r = -margin; r < size + margin; r++) {
    let line = "";
    let cur: boolean | undefined;
    for (let c = -margin; c < size + margin; c++) {
      const d = at(r, c);
      if (d !== cur) line += d ? DARK : ON;
      cur = d;
      line += "  ";
    }
    lines.push(line + OFF);
  }
  return lines;
}

/**
 * What to show on the terminal for `uri`: the code, sized to `columns`, or — when even the
 * smallest margin does not fit — one line that says so and offers the other ways to get the key.
 * A code cut off by the terminal's edge would scan as nothing (or worse, as something else).
 */
export async function terminalQr(uri: string, columns: number | undefined, pngFile?: string, env: Env = {}): Promise<{ drawn: boolean; lines: string[] }> {
  const { default: QRCode } = await import("qrcode");
  const qr = QRCode.create(uri, { errorCorrectionLevel: "M" });
  const size = qr.modules.size;
  const have = columns && columns > 0 ? columns : DEFAULT_COLUMNS;
  const dark = (r: number, c: number) => qr.modules.get(r, c) === 1;
  const forced = env[QR_ENV]?.trim().toLowerCase() === "ascii";
  const wide = forced || maybeWideBlocks(env);
  const cell = forced ? 2 : 1; // columns per module
  const spaced = wide ? MARGINS.find((m) => 2 * (size + 2 * m) <= have) : undefined;
  if (spaced !== undefined) return { drawn: true, lines: [t("qr.scan"), ...spaceBlocks(size, dark, spaced)] };
  const margin = forced ? undefined : MARGINS.find((m) => size + 2 * m <= have);
  const need = cell * (size + 2 * MARGINS[MARGINS.length - 1]!);
  if (margin !== undefined) {
    const lines = [t("qr.scan"), ...halfBlocks(size, dark, margin)];
    const spacedNeed = 2 * need;
    if (wide) lines.push(t("qr.wideHint", { instead: pngFile ? t("qr.wideInsteadPng", { pngFile }) : t("qr.wideInsteadNoPng", { columns: spacedNeed }) }));
    return { drawn: true, lines };
  }
  const instead = pngFile ? t("qr.narrowInsteadPng", { pngFile }) : t("qr.narrowInsteadNoPng");
  return { drawn: false, lines: [t("qr.tooNarrow", { need, have, instead })] };
}

export async function qrPng(uri: string): Promise<Buffer> {
  const { default: QRCode } = await import("qrcode");
  return QRCode.toBuffer(uri, { type: "png", errorCorrectionLevel: "M", margin: 4, scale: 6 });
}
