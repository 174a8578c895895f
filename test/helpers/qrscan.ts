import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { requireProgram } from "./programs.js";

// Reads a QR code off terminal text the way a phone reads it off a screen: every cell becomes a
// block of pixels; a cell drawn on a white background shows its half blocks in black on white;
// every other cell is the terminal's own background, taken to be dark (the harder case: a quiet
// zone the code does not draw itself is not there). zbarimg does the reading.

const S = 6; // pixels per module (a cell is S wide and 2·S tall: two modules stacked)

/** Lines with SGR escapes (ours, or tmux's capture-pane -e re-encoding) → the decoded text, or "". */
export function scanTerminalText(text: string): string {
  const rows: number[][] = [];
  let fgBlack = false;
  let bgWhite = false;
  for (const line of text.split("\n")) {
    const top: number[] = [];
    const bottom: number[] = [];
    for (let i = 0; i < line.length; i++) {
      const m = /^\x1b\[([0-9;]*)m/.exec(line.slice(i));
      if (m) {
        for (const p of (m[1] || "0").split(";").map(Number)) {
          if (p === 0) [fgBlack, bgWhite] = [false, false];
          else if (p === 30) fgBlack = true;
          else if (p === 39) fgBlack = false;
          else if (p === 47 || p === 107) bgWhite = true;
          else if (p === 49 || (p >= 40 && p <= 46) || (p >= 100 && p <= 106)) bgWhite = false;
        }
        i += m[0].length - 1;
        continue;
      }
      const ch = line[i]!;
      let t = 0;
      let b = 0;
      if (bgWhite && fgBlack) {
        const shade = { "█": [0, 0], "▀": [0, 255], "▄": [255, 0], " ": [255, 255] }[ch] ?? [128, 128];
        [t, b] = shade as [number, number];
      }
      top.push(t);
      bottom.push(b);
    }
    rows.push(top, bottom);
  }
  const B = 4 * S; // more dark terminal around everything
  const w = Math.max(1, ...rows.map((r) => r.length)) * S + 2 * B;
  const h = rows.length * S + 2 * B;
  const px = Buffer.alloc(w * h, 0);
  rows.forEach((r, y) =>
    r.forEach((v, x) => {
      for (let dy = 0; dy < S; dy++) {
        const start = (B + y * S + dy) * w + B + x * S;
        px.fill(v, start, start + S);
      }
    }),
  );
  const dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-qr-"));
  try {
    const file = path.join(dir, "screen.pgm");
    writeFileSync(file, Buffer.concat([Buffer.from(`P5\n${w} ${h}\n255\n`), px]));
    return execFileSync(requireProgram("zbarimg"), ["-q", "--raw", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return ""; // zbarimg exits 4 when it finds no code
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
