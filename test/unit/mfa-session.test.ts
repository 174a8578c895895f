import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AwsMfaError, msg } from "../../src/core/errors.js";
import type { MfaProfile } from "../../src/core/profile.js";
import type { StsPort } from "../../src/ports/sts.js";
import { SessionCache } from "../../src/session/cache.js";
import type { CodeSource } from "../../src/session/codes.js";
import { getMfaSession, type MfaDeps } from "../../src/session/mfa.js";
import { mfaCacheId } from "../../src/core/resolve.js";
import { waitBudget } from "../../src/session/wait.js";

// Branching logic of the MFA step with an in-memory STS fake and a fake clock (the real cache
// files live in a temp dir). e2e tests cover the same paths with real processes and the emulator.

const profile: MfaProfile = { name: "work", mfaSerial: "arn:aws:iam::123456789012:mfa/u", durationSeconds: 3600, source: "credentials", longTermSection: "work-long-term" };
const key = { accessKeyId: "AKIATESTUNIT00000001", secretAccessKey: "secretTEST" };

let dir: string;
let now: number;
let sent: string[];
let notices: string[];
let slept: number[];
let rejectCodes: Set<string>;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-unit-"));
  now = Date.parse("2026-11-25T12:00:10Z");
  sent = [];
  notices = [];
  slept = [];
  rejectCodes = new Set();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const sts: StsPort = {
  getSessionToken: async (_k, req) => {
    sent.push(req.tokenCode);
    if (rejectCodes.has(req.tokenCode)) throw new AwsMfaError("InvalidCode", msg("raw", { text: "rejected" }));
    return { accessKeyId: `ASIA${sent.length}`, secretAccessKey: "s", sessionToken: "t", expiration: new Date(now + 3600_000) };
  },
  getCallerIdentity: async () => ({ account: "", arn: "", userId: "" }),
  assumeRole: async () => {
    throw new Error("unused");
  },
};

const deps = (): MfaDeps => ({
  cache: new SessionCache(dir),
  sts: async () => sts,
  now: () => new Date(now),
  notify: (l) => notices.push(l),
  sleep: async (ms) => {
    slept.push(ms);
    now += ms;
  },
});

/** A source handing out codes from a list; records how many times it was asked. */
function source(kind: CodeSource["kind"], codes: string[], canRetry = true): CodeSource & { asked: number } {
  const s = {
    kind,
    canRetry,
    asked: 0,
    get: async () => {
      const c = codes[s.asked++];
      if (c === undefined) throw new Error("no more codes");
      return c;
    },
  };
  return s;
}

let keyReads = 0;
const get = (codes: CodeSource, force = false) =>
  getMfaSession(deps(), {
    profile,
    cacheId: mfaCacheId(profile.mfaSerial),
    key: async () => {
      keyReads++;
      return key;
    },
    durationSeconds: 3600,
    force,
    codes: () => codes,
    wait: waitBudget(1000, Date.now, () => notices.push("waiting")),
  });

describe("getMfaSession", () => {
  it("reuses a cached session without asking for a code or reading the long-term key", async () => {
    keyReads = 0;
    await get(source("flag", ["111111"], false));
    expect(keyReads).toBe(1);
    const s = source("terminal", []);
    const r = await get(s);
    expect(r.fresh).toBe(false);
    expect(s.asked).toBe(0);
    expect(sent).toEqual(["111111"]);
    expect(keyReads).toBe(1); // a hit never opens a key source
  });

  it("records the issue time: a 15-minute session is reused, not renewed on every call", async () => {
    const short: StsPort = { ...sts, getSessionToken: async (k, req) => ({ ...(await sts.getSessionToken(k, req)), expiration: new Date(now + 900_000) }) };
    const d = { ...deps(), sts: async () => short };
    const req = { profile, cacheId: mfaCacheId(profile.mfaSerial), key: async () => key, durationSeconds: 900, codes: () => source("flag", ["111111"], false), wait: waitBudget(1000, Date.now, () => undefined) };
    expect((await getMfaSession(d, req)).fresh).toBe(true);
    now += 60_000;
    expect((await getMfaSession(d, { ...req, codes: () => source("terminal", []) })).fresh).toBe(false);
    now += 11 * 60_000; // 3 min left: inside a quarter of its lifetime
    expect((await getMfaSession(d, { ...req, codes: () => source("terminal", ["222222"]) })).fresh).toBe(true);
    expect(sent).toEqual(["111111", "222222"]);
  });

  it("remembers only a hash of the code it used", async () => {
    await get(source("flag", ["111111"], false));
    const { readdirSync, readFileSync } = await import("node:fs");
    const [f] = readdirSync(path.join(dir, "devices"));
    const text = readFileSync(path.join(dir, "devices", f!), "utf8");
    expect(text).not.toContain("111111");
    expect(JSON.parse(text)).toEqual({ LastCodeHash: expect.stringMatching(/^[0-9a-f]{64}$/), UsedAt: now });
  });

  it("never sends the last used code again: a person is asked for the next one", async () => {
    await get(source("flag", ["111111"], false));
    const s = source("terminal", ["111111", "222222"]);
    const r = await get(s, true);
    expect(r.fresh).toBe(true);
    expect(sent).toEqual(["111111", "222222"]);
    expect(s.asked).toBe(2);
  });

  it("an mfa_process that repeats the used code is re-run after the 30 s step changes", async () => {
    await get(source("flag", ["111111"], false));
    const s = source("process", ["111111", "333333"]);
    await get(s, true);
    expect(sent).toEqual(["111111", "333333"]);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBe(20_300); // 12:00:10 → the next step at 12:00:30, plus a margin
    expect(notices[0]).toMatch(/already used; waiting 21 s for the next one/);
  });

  it("a --code that was just used fails with CodeReused and is not sent", async () => {
    await get(source("flag", ["111111"], false));
    await expect(get(source("flag", ["111111"], false), true)).rejects.toMatchObject({ code: "CodeReused" });
    expect(sent).toEqual(["111111"]);
  });

  it("the same code is fine again long after (a TOTP value can recur)", async () => {
    await get(source("flag", ["111111"], false));
    now += 10 * 60_000;
    await get(source("flag", ["111111"], false), true);
    expect(sent).toEqual(["111111", "111111"]);
  });

  it("a rejected code is asked again, up to 3 tries, then fails", async () => {
    rejectCodes = new Set(["000001", "000002", "000003"]);
    const s = source("terminal", ["000001", "000002", "000003", "000004"]);
    await expect(get(s)).rejects.toMatchObject({ code: "InvalidCode" });
    expect(sent).toEqual(["000001", "000002", "000003"]);
  });

  it("a rejected code then a good one succeeds", async () => {
    rejectCodes = new Set(["000001"]);
    const r = await get(source("terminal", ["000001", "444444"]));
    expect(r.fresh).toBe(true);
    expect(sent).toEqual(["000001", "444444"]);
  });

  it("a rejected --code is not retried", async () => {
    rejectCodes = new Set(["000001"]);
    await expect(get(source("flag", ["000001"], false))).rejects.toMatchObject({ code: "InvalidCode" });
    expect(sent).toEqual(["000001"]);
  });
});

describe("waitBudget", () => {
  it("one deadline and one notice for every wait of a command", async () => {
    let t = 0;
    let said = 0;
    const b = waitBudget(5000, () => t, () => said++);
    expect(b.waited).toBe(false);
    b.onWait();
    t = 3000;
    expect(b.left()).toBe(2000);
    b.onWait(); // a second wait (the lock after the warm path) draws on the same budget
    t = 9000;
    expect(b.left()).toBe(0);
    expect(b.waited).toBe(true);
    await new Promise((r) => setTimeout(r, 1100));
    b.done();
    expect(said).toBe(1);
  });
});

describe("delayedNotice (the wait budget's notice)", () => {
  it("speaks only when a wait outlasts the delay, and only once", async () => {
    const { delayedNotice } = await import("../../src/ports/slow.js");
    const { vi } = await import("vitest");
    vi.useFakeTimers();
    try {
      let said = 0;
      const quick = delayedNotice(() => said++, 1000);
      quick.start();
      vi.advanceTimersByTime(900);
      quick.done();
      vi.advanceTimersByTime(5000);
      expect(said).toBe(0);
      const slow = delayedNotice(() => said++, 1000);
      slow.start();
      slow.start();
      vi.advanceTimersByTime(1100);
      slow.done();
      expect(said).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
