import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { emulatorCodeCommand, startTestEmulator, type TestEmulator } from "../helpers/emulator.js";
import { makeIdentities, type TestIdentity } from "../helpers/identities.js";
import { EXIT } from "../../src/core/errors.js";

// The proof suite's fault part (issue 8): each fault is injected through the emulator's admin API
// (or a raw socket where the emulator cannot play the part), and each must end with the documented
// exit code, one line on stderr (plus at most one hint line), nothing from the SDK, and within a
// bounded time. AWSMFA_HTTP_TIMEOUT_MS shortens the per-attempt bound to ATTEMPT_MS; a whole call
// is bounded by 2.4 attempts.

const ATTEMPT_MS = 1500;
const CALL_MS = ATTEMPT_MS * 2.4;
/** Node start-up and a loaded 2-core machine, on top of the call's own bound. */
const SLACK_MS = 5000;

let emu: TestEmulator;
let sb: Sandbox;
let id: TestIdentity;
const { state, ids } = makeIdentities(40, "fault");
const figures: string[] = [];

beforeAll(async () => {
  emu = await startTestEmulator({ state });
});
afterAll(async () => {
  await emu?.close();
  // The closing note's figures (issue 8), printed once per run.
  if (figures.length) process.stdout.write(`\nfault figures:\n  ${figures.join("\n  ")}\n`);
});
beforeEach(() => {
  id = ids.shift()!;
  sb = new Sandbox(emu.url);
  sb.env.AWSMFA_HTTP_TIMEOUT_MS = String(ATTEMPT_MS);
  sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\n`);
  sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`);
  emu.emulator.resetCounters();
  emu.emulator.setSwitches({ throttle: 0, fail500: 0, latencyMs: 0, hang: false, dropAnswers: 0, skewSeconds: 0, clockOffsetSeconds: 0 });
});
afterEach(() => sb.cleanup());

const code = () => emu.emulator.nextCode(id.serial);
const login = (args: string[] = [], env: Record<string, string> = {}) => sb.awsmfa(["login", "--profile", "work", ...args], { env });
const calls = () => emu.counters().GetSessionToken ?? 0;

/** A lock waiter says once, with no terminal on stderr, why it waits (issue 8 item 7 owns its wording). */
const WAITING = /^awsmfa: another awsmfa is renewing the session for work .*waiting…$/;

/** One `awsmfa: …` line, optionally one indented hint line, and no SDK noise. */
function oneLine(stderr: string): string {
  expect(stderr).not.toMatch(/smithy|\[WARN\]|\[ERROR\]|node-http-handler/);
  let lines = stderr.split("\n").filter((l) => l !== "");
  if (lines.length > 1 && WAITING.test(lines[0]!)) lines = lines.slice(1);
  expect(lines.length, stderr).toBeGreaterThanOrEqual(1);
  expect(lines.length, stderr).toBeLessThanOrEqual(2);
  expect(lines[0]).toMatch(/^awsmfa: \S/);
  if (lines[1] !== undefined) expect(lines[1]).toMatch(/^ {2}\S/);
  return lines[0]!;
}

/** A TCP server on 127.0.0.1 that accepts connections, reads, and never answers. */
async function hungServer(): Promise<{ url: string; close: () => Promise<void>; connections: () => number }> {
  const sockets = new Set<net.Socket>();
  let n = 0;
  const server = net.createServer((s) => {
    n++;
    sockets.add(s);
    s.on("data", () => {});
    s.on("error", () => {});
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => n,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe("faults: each handled with the right exit code, one line, in bounded time", () => {
  it("STS down (connection refused): exit 6 naming the endpoint, files untouched", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const before = sb.read(sb.credentialsFile);
    const r = await login(["--code", "123456"], { AWS_ENDPOINT_URL: url });
    expect(r.code).toBe(EXIT.network);
    expect(oneLine(r.stderr)).toBe(`awsmfa: cannot reach ${url}: ECONNREFUSED`);
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    expect(sb.read(sb.credentialsFile)).toBe(before);
    figures.push(`STS down (refused): exit ${r.code} after ${r.ms} ms`);
  });

  it("a raw TCP endpoint that accepts and never answers: exit 6 within the bound, one line, no SDK output", async () => {
    const hung = await hungServer();
    try {
      const before = sb.read(sb.credentialsFile);
      const r = await login(["--code", "123456"], { AWS_ENDPOINT_URL: hung.url });
      expect(r.code).toBe(EXIT.network);
      expect(oneLine(r.stderr)).toBe(`awsmfa: no answer from STS at ${hung.url} within ${(CALL_MS / 1000).toFixed(1)} s`);
      // The code went out with the request: the hint says it may be spent.
      expect(r.stderr.split("\n")[1]).toBe("  the MFA code may have reached AWS and been used up: wait for the next code before trying again");
      expect(r.ms).toBeGreaterThanOrEqual(CALL_MS);
      expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
      expect(hung.connections()).toBeGreaterThanOrEqual(2); // the SDK retried within the bound
      expect(sb.read(sb.credentialsFile)).toBe(before);
      figures.push(`hung endpoint (raw TCP): exit ${r.code} after ${r.ms} ms (bound ${CALL_MS} ms + start-up), ${hung.connections()} connections`);

      // Waiters on the refresh lock are bounded with it: 3 processes at once all end in time.
      // (Each its own code: the first one's is on record as possibly spent.)
      const all = await Promise.all(["111111", "222222", "333333"].map((c) => login(["--code", c], { AWS_ENDPOINT_URL: hung.url })));
      for (const w of all) {
        expect(w.code).toBe(EXIT.network);
        oneLine(w.stderr);
      }
      const slowest = Math.max(...all.map((w) => w.ms));
      expect(slowest).toBeLessThan(3 * CALL_MS + 2 * SLACK_MS); // one call after another, never the old 130 s lock wait
      figures.push(`hung endpoint, 3 logins queued on one lock: slowest ${slowest} ms`);
    } finally {
      await hung.close();
    }
  });

  it("without AWSMFA_HTTP_TIMEOUT_MS a hung endpoint still ends within 25 s", async () => {
    const hung = await hungServer();
    try {
      const r = await login(["--code", "123456"], { AWS_ENDPOINT_URL: hung.url, AWSMFA_HTTP_TIMEOUT_MS: "" });
      expect(r.code).toBe(EXIT.network);
      expect(oneLine(r.stderr)).toBe(`awsmfa: no answer from STS at ${hung.url} within 24 s`);
      expect(r.ms).toBeLessThan(25_000 + SLACK_MS);
      figures.push(`hung endpoint, default bounds: exit ${r.code} after ${r.ms} ms`);
    } finally {
      await hung.close();
    }
  }, 60_000);

  it("the emulator hung (hang switch): exit 6 in bounded time; IAM (device list) too", async () => {
    emu.emulator.setSwitches({ hang: true });
    const r = await login(["--code", code()]);
    expect(r.code).toBe(EXIT.network);
    expect(oneLine(r.stderr)).toMatch(/^awsmfa: no answer from STS at http:\/\/127\.0\.0\.1:\d+ within 3\.6 s$/);
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    const d = await sb.awsmfa(["device", "list", "--profile", "work"]);
    expect(d.code).toBe(EXIT.network);
    expect(oneLine(d.stderr)).toMatch(/^awsmfa: no answer from (IAM|STS) at http:\/\/127\.0\.0\.1:\d+ within 3\.6 s$/);
    expect(d.ms).toBeLessThan(CALL_MS + SLACK_MS);
    figures.push(`emulator hung: login exit ${r.code} after ${r.ms} ms; device list exit ${d.code} after ${d.ms} ms`);
  });

  it("a code sent into a request whose answer was lost is never sent again, and the message says why", async () => {
    // The emulator carries out the first GetSessionToken (the code is used up, a session issued)
    // and never answers it; the SDK's retry sends the same code and AWS refuses it as used.
    emu.emulator.setSwitches({ dropAnswers: 1 });
    const c = code();
    const r = await login(["--code", c]);
    expect(r.code).toBe(EXIT.network);
    expect(oneLine(r.stderr)).toMatch(
      /^awsmfa: no answer from STS at \S+ within 1\.5 s; the retry's MFA code was refused, so the request that timed out probably used it$/,
    );
    expect(r.stderr).toContain("wait for the next code before trying again");
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    expect(calls()).toBe(2);
    expect(emu.emulator.sessions().filter((s) => s.userName === id.user)).toHaveLength(1); // AWS did use the code

    // Sent again right away (a script retrying): refused locally, not sent.
    const again = await login(["--code", c]);
    expect(again.code).toBe(EXIT.mfa);
    expect(oneLine(again.stderr)).toMatch(/already used/);
    expect(calls()).toBe(2);
    // The next code works.
    const ok = await login(["--code", code()]);
    expect(ok.code, ok.stderr).toBe(0);
    figures.push(`lost answer: exit ${r.code} after ${r.ms} ms; the spent code was not re-sent`);
  });

  it("throttling, then success: retried with back-off, exit 0, quiet", async () => {
    emu.emulator.setSwitches({ throttle: 2 });
    const r = await login(["--code", code()]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(calls()).toBe(3);
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    figures.push(`throttling x2 then success: exit 0 after ${r.ms} ms, 3 calls`);
  });

  it("throttling that does not stop: exit 6 after the retries", async () => {
    emu.emulator.setSwitches({ throttle: 100 });
    const r = await login(["--code", code()]);
    expect(r.code).toBe(EXIT.network);
    expect(oneLine(r.stderr)).toMatch(/^awsmfa: AWS STS is throttling requests at \S+ \(gave up after retries\)$/);
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    figures.push(`throttling forever: exit ${r.code} after ${r.ms} ms`);
  });

  it("a 500, then success: exit 0", async () => {
    emu.emulator.setSwitches({ fail500: 1 });
    const r = await login(["--code", code()]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(calls()).toBe(2);
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    figures.push(`500 then success: exit 0 after ${r.ms} ms`);
  });

  it("clock skew of 10 minutes: the login works and one warning line gives the skew", async () => {
    emu.emulator.setSwitches({ skewSeconds: 600 });
    const r = await login(["--code", code()]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("awsmfa: warning: this machine's clock is 10 min behind AWS; fix it (NTP) or MFA codes may fail\n");
    expect(r.ms).toBeLessThan(CALL_MS + SLACK_MS);
    figures.push(`clock skew 10 min: exit 0 after ${r.ms} ms, one warning`);
  });

  it("an expired session: login notices locally and gets a new one", async () => {
    // Issued by an emulator whose session clock is 12h05m behind: it expired 5 minutes ago.
    emu.emulator.setSwitches({ clockOffsetSeconds: -(43200 + 300) });
    expect((await login(["--code", code()])).code).toBe(0);
    emu.emulator.setSwitches({ clockOffsetSeconds: 0 });
    const r = await login(["--code", code()]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/new session/);
    expect(calls()).toBe(2);
    figures.push(`expired session: renewed, exit 0 after ${r.ms} ms`);
  });

  it("a reused code: refused before it is sent, exit 4", async () => {
    const c = code();
    expect((await login(["--code", c])).code).toBe(0);
    const r = await login(["--force", "--code", c]);
    expect(r.code).toBe(EXIT.mfa);
    expect(oneLine(r.stderr)).toBe(`awsmfa: MFA code for ${id.serial} was already used; a code works only once`);
    expect(calls()).toBe(1);
    expect(r.ms).toBeLessThan(SLACK_MS);
    figures.push(`reused code: exit ${r.code} after ${r.ms} ms, not sent`);
  });

  it("a wrong code typed just after a good login is a plain rejection, not 'reused'", async () => {
    expect((await login(["--code", code()])).code).toBe(0);
    const r = await login(["--force", "--code", "000000"]);
    expect(r.code).toBe(EXIT.mfa);
    expect(oneLine(r.stderr)).toBe("awsmfa: AWS rejected the MFA code: it is wrong, or it was already used");
    expect(r.stderr).not.toMatch(/moments ago/);
    expect(calls()).toBe(2);
  });
});

describe("a session AWS no longer accepts (login --verify)", () => {
  for (const as of ["ExpiredToken", "InvalidClientTokenId"] as const) {
    it(`revoked at AWS (${as}): plain login still trusts it; --verify drops it and logs in anew`, async () => {
      requireProgram(AWS_V2);
      expect((await login(["--code", code()])).code).toBe(0);
      const v2 = () => sb.exec(AWS_V2, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "work", "--output", "text", "--query", "Arn"]);
      expect((await v2()).stdout.trim()).toBe(id.arn);

      // An administrator ends the session at AWS (the emulator's admin API).
      const res = await fetch(`${emu.url}/__emulator/revoke`, { method: "POST", body: JSON.stringify({ as }) });
      expect(res.status).toBe(200);
      expect(((await res.json()) as { revoked: number }).revoked).toBeGreaterThanOrEqual(1);
      const dead = await v2();
      expect(dead.code).not.toBe(0);
      expect(dead.stderr).toContain(as);

      // Without --verify the local expiry is all login knows.
      const plain = await login();
      expect(plain.stdout).toMatch(/session still valid/);

      const r = await login(["--verify", "--code", code()]);
      expect(r.code, r.stderr).toBe(0);
      expect(oneLine(r.stderr)).toBe(`awsmfa: AWS refused the session for work (${as}); dropped it, logging in anew`);
      expect(r.stdout).toMatch(/^profile work: new session/);
      expect(calls()).toBe(2);
      expect((await v2()).stdout.trim()).toBe(id.arn);

      // --verify with a session that works says so, with no code needed.
      const ok = await login(["--verify"]);
      expect(ok.code).toBe(0);
      expect(ok.stderr).toBe("");
      expect(ok.stdout).toMatch(/session still valid until .*; AWS accepts it; use --force to renew/);
      expect(emu.counters().GetCallerIdentity).toBeGreaterThanOrEqual(2);
      expect(calls()).toBe(2);
    });
  }

  it("--verify in process mode drops the refused cached session too", async () => {
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\ncredential_process = ${process.execPath} ${CLI} credential-process --profile work\n`);
    expect((await login(["--code", code()])).code).toBe(0);
    const first = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "work"])).stdout) as { AccessKeyId: string };
    emu.emulator.revoke({ accessKeyId: first.AccessKeyId });
    const r = await login(["--verify", "--code", code()]);
    expect(r.code, r.stderr).toBe(0);
    expect(oneLine(r.stderr)).toBe("awsmfa: AWS refused the session for work (InvalidClientTokenId); dropped it, logging in anew");
    const second = JSON.parse((await sb.awsmfa(["credential-process", "--profile", "work"])).stdout) as { AccessKeyId: string };
    expect(second.AccessKeyId).not.toBe(first.AccessKeyId);
  });

  it("--verify with --force is a usage error; the revoke endpoint refuses what it does not know", async () => {
    const r = await login(["--verify", "--force", "--code", code()]);
    expect(r.code).toBe(EXIT.usage);
    expect(oneLine(r.stderr)).toBe("awsmfa: --verify: not with --force, which gets a new session without asking AWS");
    expect(calls()).toBe(0);
    for (const body of ['{"as":"Gone"}', '{"accessKeyId":1}', '{"who":"x"}', "[]"]) {
      const res = await fetch(`${emu.url}/__emulator/revoke`, { method: "POST", body });
      expect(res.status, body).toBe(400);
    }
  });

  it("--verify with STS unreachable fails with exit 6 and keeps the session", async () => {
    expect((await login(["--code", code()])).code).toBe(0);
    const before = sb.read(sb.credentialsFile);
    const url = `http://127.0.0.1:${await closedPort()}`;
    const r = await login(["--verify"], { AWS_ENDPOINT_URL: url });
    expect(r.code).toBe(EXIT.network);
    expect(oneLine(r.stderr)).toBe(`awsmfa: cannot reach ${url}: ECONNREFUSED`);
    expect(sb.read(sb.credentialsFile)).toBe(before);
  });
});

/** Live (non-zombie) processes whose command line contains `marker`. */
function liveWith(marker: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const st = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
      if (cmd.includes(marker) && st !== "Z") out.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

describe("mfa_process is bounded, with everything it started", () => {
  it("a process that never answers: awsmfa ends at the deadline and no process of its group survives", async () => {
    const marker = String(900000 + Math.floor(Math.random() * 99999));
    // `sleep; echo` makes /bin/sh fork: the sleep is a grandchild holding stdout open.
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = sleep ${marker}; echo 123456\n`);
    const r = await sb.awsmfa(["login", "--profile", "work"], { env: { AWSMFA_MFA_PROCESS_TIMEOUT_MS: "1500" }, timeoutMs: 20_000 });
    expect(r.code).toBe(EXIT.mfa);
    expect(oneLine(r.stderr)).toBe("awsmfa: mfa_process for profile work timed out after 1.5 s");
    expect(r.ms).toBeLessThan(1500 + 1000 + SLACK_MS); // deadline + SIGKILL grace + start-up
    await new Promise((res) => setTimeout(res, 200));
    expect(liveWith(`sleep ${marker}`)).toEqual([]);
    expect(calls()).toBe(0);
    figures.push(`mfa_process 'sleep': exit ${r.code} after ${r.ms} ms (deadline 1500 ms), 0 survivors`);
  });

  it("a process that exits but leaves a child holding stdout: the code is used, the child ended", async () => {
    const marker = String(600000 + Math.floor(Math.random() * 99999));
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = (sleep ${marker} &); echo ${code()}\n`);
    const r = await sb.awsmfa(["login", "--profile", "work"], { timeoutMs: 20_000 });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.ms).toBeLessThan(SLACK_MS);
    await new Promise((res) => setTimeout(res, 200));
    expect(liveWith(`sleep ${marker}`)).toEqual([]);
  });

  it("a process that ignores SIGTERM is killed too", async () => {
    const marker = String(800000 + Math.floor(Math.random() * 99999));
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = trap '' TERM; sh -c 'trap "" TERM; sleep ${marker}'; echo 123456\n`);
    const r = await sb.awsmfa(["login", "--profile", "work"], { env: { AWSMFA_MFA_PROCESS_TIMEOUT_MS: "1000" }, timeoutMs: 20_000 });
    expect(r.code).toBe(EXIT.mfa);
    expect(r.ms).toBeLessThan(1000 + 1000 + SLACK_MS);
    await new Promise((res) => setTimeout(res, 200));
    expect(liveWith(`sleep ${marker}`)).toEqual([]);
  });

  it("interrupting awsmfa ends the mfa_process group with it (exit 130)", async () => {
    const marker = String(700000 + Math.floor(Math.random() * 99999));
    sb.write(sb.configFile, `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = sleep ${marker}; echo 123456\n`);
    const child = spawn(process.execPath, [CLI, "credential-process", "--profile", "work"], { env: sb.env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const end = Date.now() + 15_000;
    // Until exactly one: for an instant after sh forks `sleep`, the child still bears sh's command line.
    while (liveWith(`sleep ${marker}`).length !== 1 && Date.now() < end) await new Promise((res) => setTimeout(res, 50));
    expect(liveWith(`sleep ${marker}`)).toHaveLength(1);
    const t0 = Date.now();
    child.kill("SIGINT"); // awsmfa only: the group is not in its process group any more
    const exit = await new Promise<number | null>((res) => child.on("exit", (c) => res(c)));
    expect(exit).toBe(EXIT.interrupted);
    expect(Date.now() - t0).toBeLessThan(1000 + SLACK_MS);
    expect(oneLine(stderr)).toBe("awsmfa: interrupted (SIGINT) while mfa_process for profile work was running");
    await new Promise((res) => setTimeout(res, 200));
    expect(liveWith(`sleep ${marker}`)).toEqual([]);
    // The refresh lock was released on the way out.
    const locks = path.join(sb.env.XDG_CACHE_HOME!, "awsmfa", "locks");
    expect(existsSync(locks) ? readdirSync(locks) : []).toEqual([]);
  });
});

describe("races", () => {
  it("32 parallel credential-process calls on an empty cache: 1 GetSessionToken, 32 identical answers", async () => {
    const log = path.join(sb.dir, "mfa-process.log");
    sb.write(
      sb.configFile,
      `[profile work]\nmfa_serial = ${id.serial}\nregion = us-east-1\nmfa_process = ${emulatorCodeCommand(sb.dir, emu.url, id.serial, { log })}\ncredential_process = ${process.execPath} ${CLI} credential-process --profile work\n`,
    );
    const t0 = Date.now();
    const all = await Promise.all(Array.from({ length: 32 }, () => sb.awsmfa(["credential-process", "--profile", "work"], { timeoutMs: 120_000 })));
    const wall = Date.now() - t0;
    const keys = new Set<string>();
    all.forEach((r, i) => {
      expect(r.code, `process ${i}: ${r.stderr}`).toBe(0);
      // Nothing, or the waiter's notice once (it waited over a second for the one refresh).
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines.length, `process ${i}: ${r.stderr}`).toBeLessThanOrEqual(1);
      if (lines[0] !== undefined) expect(lines[0]).toMatch(WAITING);
      const j = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(Object.keys(j)).toEqual(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"]);
      expect(j.AccessKeyId).toMatch(/^ASIA/);
      expect(new Date(j.Expiration as string).getTime()).toBeGreaterThan(Date.now() + 11 * 3600_000);
      keys.add(`${j.AccessKeyId}|${j.SecretAccessKey}|${j.SessionToken}`);
    });
    expect(keys.size).toBe(1);
    expect(calls()).toBe(1);
    expect(readFileSync(log, "utf8")).toBe("run\n"); // one code asked for
    figures.push(`32 parallel credential-process: ${calls()} GetSessionToken call, 32 exit 0, wall ${wall} ms`);
  }, 150_000);
});

describe("on a terminal", () => {
  it("a slow call says 'waiting for <endpoint>…' after a second, once", async () => {
    requireProgram("tmux", ["-V"]);
    const { TmuxShell } = await import("../helpers/tmux.js");
    const hung = await hungServer();
    const sh = new TmuxShell(["bash", "--norc", "--noprofile"], { ...sb.env, AWS_ENDPOINT_URL: hung.url, HISTFILE: "/dev/null", PS1: "$ " }, sb.home);
    try {
      sh.type(`${process.execPath} ${CLI} login --profile work --code 123456 2>${sb.dir}/err; echo "rc=$?"`);
      await sh.until("the waiting notice", () => (sh.screen().includes(`awsmfa: waiting for ${hung.url}…`) ? true : undefined), 10_000);
      await sh.until("the exit status", () => /rc=\d+/.exec(sh.screen())?.[0], 20_000);
      expect(sh.screen()).toContain(`rc=${EXIT.network}`);
      expect(sh.count("waiting for")).toBe(1);
      expect(oneLine(readFileSync(`${sb.dir}/err`, "utf8"))).toMatch(/^awsmfa: no answer from STS/);
    } finally {
      await sh.kill();
      await hung.close();
    }
  });
});
