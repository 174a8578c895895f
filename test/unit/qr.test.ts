import { describe, expect, it } from "vitest";
import { otpauthUri } from "../../src/device/otpauth.js";
import { terminalQr } from "../../src/device/qr.js";
import { scanTerminalText } from "../helpers/qrscan.js";

// The QR code on the terminal: drawn only when it fits the real width, and then it must scan.
// "Scan" = the drawn text turned back into pixels the way a terminal shows it (half blocks, a
// dark terminal around the drawing) and read by zbarimg (test/helpers/qrscan.ts).

// AWS seeds are 64 base32 characters; a longish device name makes the URI realistic.
const URI = otpauthUri("alice-phone", "123456789012", "JBSWY3DPEHPK3PXP".repeat(4));
const visible = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

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
      expect(scanTerminalText(code.join("\n"))).toBe(URI);
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

// ▀ ▄ █ are "ambiguous width": drawn two columns wide by CJK-set terminals, which garbles the code.
describe("terminal QR code where half blocks may be wide (CJK locale, AWSMFA_QR=ascii)", () => {
  const HINT = /^If this code looks broken \(a terminal that draws ▀ two columns wide\), /;
  /** What a terminal that draws ambiguous characters two columns wide shows: ▀ ▄ █ doubled. */
  const wideTerminal = (lines: string[]) => lines.map((l) => l.replace(/[▀▄█]/g, (c) => c + c));

  it("the half-block code is garbled on such a terminal (why this exists)", async () => {
    const r = await terminalQr(URI, 120);
    expect(scanTerminalText(wideTerminal(r.lines.slice(1)).join("\n"))).not.toBe(URI);
  });

  it.each([
    [{ LANG: "ja_JP.UTF-8" }],
    [{ LANG: "en_US.UTF-8", LC_CTYPE: "zh_CN.UTF-8" }],
    [{ LANG: "en_US.UTF-8", LC_ALL: "ko_KR.UTF-8" }],
    [{ AWSMFA_QR: "ascii" }],
  ])("%j, a wide pane: two spaces per module, which scans on any terminal", async (env) => {
    const r = await terminalQr(URI, 120, undefined, env);
    expect(r.drawn).toBe(true);
    const code = r.lines.slice(1);
    expect(code.join("")).not.toMatch(/[▀▄█]/);
    for (const l of code) expect(visible(l).length).toBe(2 * (49 + 8)); // 114 ≤ 120
    expect(code.length).toBe(49 + 8); // one line per module row
    expect(scanTerminalText(code.join("\n"))).toBe(URI);
    expect(scanTerminalText(wideTerminal(code).join("\n"))).toBe(URI); // nothing in it to widen
  });

  it("CJK locale, an 80-column pane: the compact code, and one line on what to do if it looks broken", async () => {
    const r = await terminalQr(URI, 80, undefined, { LANG: "ja_JP.UTF-8" });
    expect(r.drawn).toBe(true);
    expect(scanTerminalText(r.lines.slice(1, -1).join("\n"))).toBe(URI);
    expect(r.lines.at(-1)).toMatch(HINT);
    expect(r.lines.at(-1)).toBe(
      "If this code looks broken (a terminal that draws ▀ two columns wide), type s for the secret key, or run again with --qr-png FILE or in a pane 106 columns wide.",
    );
    const png = await terminalQr(URI, 80, "/tmp/q.png", { LC_ALL: "zh_TW.UTF-8" });
    expect(png.lines.at(-1)).toBe("If this code looks broken (a terminal that draws ▀ two columns wide), open /tmp/q.png instead or type s for the secret key.");
  });

  it("AWSMFA_QR=ascii where it cannot fit: says so instead of drawing half blocks", async () => {
    const r = await terminalQr(URI, 100, undefined, { AWSMFA_QR: "ascii" });
    expect(r).toEqual({ drawn: false, lines: ["The QR code needs 106 columns and this terminal has 100: widen it, type s for the secret key, or run again with --qr-png FILE."] });
  });

  it.each([[{}], [{ LANG: "en_US.UTF-8" }], [{ LANG: "C.UTF-8" }], [{ LANG: "jam" }], [{ LC_ALL: "en_GB.UTF-8", LANG: "ja_JP.UTF-8" }]])("%j: half blocks, no hint", async (env) => {
    const r = await terminalQr(URI, 120, undefined, env);
    expect(r.lines.at(-1)).not.toMatch(HINT);
    expect(r.lines.slice(1).join("")).toMatch(/[▀▄█]/);
  });
});
