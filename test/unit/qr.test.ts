import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { otpauthUri } from "../../src/device/otpauth.js";
import { terminalQr } from "../../src/device/qr.js";
import { requireProgram } from "../helpers/programs.js";

// The QR code on the terminal: drawn only when it fits the real width, and then it must scan.
// "Scan" = the drawn text turned back into pixels the way a terminal shows it (half blocks, a
// dark terminal around the drawing) and read by zbarimg.

// AWS seeds are 64 base32 characters; a longish device name makes the URI realistic.
const URI = otpauthUri("alice-phone", "123456789012", "JBSWY3DPEHPK3PXP".repeat(4));
const visible = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

/** Pixels of the drawn code: 6×6 per module, inside a dark border as on a dark terminal. */
function scan(lines: string[]): string {
  const rows: number[][] = [];
  for (const line of lines) {
    const top: number[] = [];
    const bottom: number[] = [];
    for (const ch of visible(line)) {
      const [t, b] = ({ "█": [0, 0], "▀": [0, 255], "▄": [255, 0], " ": [255, 255] } as Record<string, number[]>)[ch] ?? [128, 128];
      top.push(t!);
      bottom.push(b!);
    }
    rows.push(top, bottom);
  }
  const S = 6;
  const B = 24; // dark terminal around the drawing
  const w = Math.max(...rows.map((r) => r.length)) * S + 2 * B;
  const h = rows.length * S + 2 * B;
  const px = Buffer.alloc(w * h, 0);
  rows.forEach((r, y) => r.forEach((v, x) => { for (let dy = 0; dy < S; dy++) px.fill(v, (B + y * S + dy) * w + B + x * S, (B + y * S + dy) * w + B + x * S + S); }));
  const dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-qr-"));
  try {
    const file = path.join(dir, "qr.pgm");
    writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), px]));
    return execFileSync(requireProgram("zbarimg"), ["-q", "--raw", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch (e) {
    return `(no code found: ${(e as Error).message.split("\n")[0]})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("terminal QR code", () => {
  it.each([
    [40, false],
    [52, false],
    [53, true], // 49 modules + a 2-module quiet zone each side
    [56, true],
    [57, true], // the standard 4-module quiet zone
    [60, true],
    [80, true],
    [120, true],
    [undefined, true], // the terminal does not say: assume 80
  ])("%s columns: drawn=%s, and what is drawn fits and scans", async (columns, drawn) => {
    const r = await terminalQr(URI, columns);
    expect(r.drawn).toBe(drawn);
    if (drawn) {
      expect(r.lines[0]).toBe("Scan this QR code with an authenticator app:");
      const code = r.lines.slice(1);
      for (const l of code) expect(visible(l).length).toBeLessThanOrEqual(columns ?? 80);
      // Square modules: half as many lines as the code is wide.
      expect(code.length).toBe(Math.ceil(visible(code[0]!).length / 2));
      expect(scan(code)).toBe(URI);
    } else {
      expect(r.lines).toEqual([`The QR code needs 53 columns and this terminal has ${columns}: widen it, type s for the secret key, or run again with --qr-png FILE.`]);
    }
  });

  it("points at the PNG when one is being written", async () => {
    const r = await terminalQr(URI, 40, "/tmp/x/qr.png");
    expect(r).toEqual({ drawn: false, lines: ["The QR code needs 53 columns and this terminal has 40: open /tmp/x/qr.png instead, or type s for the secret key."] });
  });

  it("uses the standard quiet zone when there is room", async () => {
    const r = await terminalQr(URI, 120);
    expect(visible(r.lines[1]!).length).toBe(49 + 8);
  });
});
