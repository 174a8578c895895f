import { cpSync, readFileSync, rmSync } from "node:fs";
import { createServer, request, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsMfaError } from "../../src/core/errors.js";
import { codeMayBeSpent, createSts, stsRoute, type AwsCredentials } from "../../src/ports/sts.js";
import {
  DEMO_ACCESS_KEY_ID,
  DEMO_MFA_SERIAL,
  DEMO_ROLE_ARN,
  DEMO_SECRET_ACCESS_KEY,
  DEMO_USER_ARN,
  emulatorCodeCommand,
  startTestEmulator,
  type TestEmulator,
} from "../helpers/emulator.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// The two STS adapters against the real emulator, which verifies SigV4 and answers as AWS does:
// the lean one (sts-lean.ts) that createSts takes for a plain endpoint, and the SDK's. The same
// calls through both must give the same results and the same typed errors; the lean one must
// retry (and not retry) as the SDK's standard mode does.

let emu: TestEmulator;
/** A plain HTTP relay in front of the emulator that records each request's headers; it can move the answers' Date. */
let relay: { url: string; seen: IncomingHttpHeaders[]; server: Server; dateShiftMs: number };

beforeAll(async () => {
  emu = await startTestEmulator();
  const seen: IncomingHttpHeaders[] = [];
  const target = new URL(emu.url);
  const server = createServer((req, res) => {
    seen.push(req.headers);
    const out = request({ hostname: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      const date = answer.headers.date;
      if (date && relay.dateShiftMs) answer.headers.date = new Date(Date.parse(date) + relay.dateShiftMs).toUTCString();
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  relay = { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server, dateShiftMs: 0 };
});
afterAll(async () => {
  relay?.server.close();
  await emu?.close();
});
beforeEach(() => {
  emu.emulator.setSwitches({ throttle: 0, fail500: 0, latencyMs: 0, hang: false, dropAnswers: 0, skewSeconds: 0, clockOffsetSeconds: 0 });
  emu.emulator.resetCounters();
  relay.dateShiftMs = 0;
});

const DEMO: AwsCredentials = { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: DEMO_SECRET_ACCESS_KEY };
const WRONG_SECRET: AwsCredentials = { accessKeyId: DEMO_ACCESS_KEY_ID, secretAccessKey: "wrongSECRETexample/key+0123456789abcdefgh" };

type Adapter = "lean" | "sdk";
const ADAPTERS: Adapter[] = ["sdk", "lean"];
const envOf = (extra: Record<string, string> = {}) => ({ AWS_ENDPOINT_URL: emu.url, AWSMFA_HTTP_TIMEOUT_MS: "2000", ...extra });
function port(adapter: Adapter, extra: Record<string, string> = {}, stderr?: { write(s: string): void }) {
  const env = envOf(extra);
  // The lean adapter is not forced: it is what createSts takes for these settings.
  if (adapter === "lean") expect(stsRoute(env, "us-east-1").via).toBe("lean");
  return createSts({ env, region: "us-east-1", stderr, adapter: adapter === "sdk" ? "sdk" : undefined });
}

interface Typed {
  code: string;
  exit: number;
  message: string;
  hint?: string;
  spent: boolean;
}
async function failure(p: Promise<unknown>): Promise<Typed> {
  try {
    await p;
  } catch (e) {
    if (!(e instanceof AwsMfaError)) throw e;
    return { code: e.code, exit: e.exitCode, message: e.message, hint: e.hint, spent: codeMayBeSpent(e) };
  }
  throw new Error("expected the call to fail");
}

const count = (action: string) => emu.counters()[action] ?? 0;
const session = (serial: string = DEMO_MFA_SERIAL) => ({ serialNumber: serial, tokenCode: emu.code(), durationSeconds: 900 });

describe("which adapter createSts takes", () => {
  it("the lean one for a plain endpoint (its own User-Agent, app id included, no keep-alive); the SDK where stsRoute says so", async () => {
    const sts = await createSts({ env: { AWS_ENDPOINT_URL: relay.url, AWS_SDK_UA_APP_ID: "my-app" }, region: "us-east-1" });
    expect((await sts.getCallerIdentity(DEMO)).arn).toBe(DEMO_USER_ARN);
    const lean = relay.seen.at(-1)!;
    expect(lean["user-agent"]).toMatch(/^awsmfa\/\S+ \(lean-sts\) app\/my-app$/);
    expect(lean.connection).toBe("close");
    expect(lean["content-type"]).toBe("application/x-www-form-urlencoded");
    const adaptive = await createSts({ env: { AWS_ENDPOINT_URL: relay.url, AWS_RETRY_MODE: "adaptive" }, region: "us-east-1" });
    expect((await adaptive.getCallerIdentity(DEMO)).arn).toBe(DEMO_USER_ARN);
    expect(relay.seen.at(-1)!["user-agent"]).toMatch(/^aws-sdk-js\//);
  });
});

describe("the built CLI", () => {
  it("a cold credential-process refreshes from a dist without the AWS SDK; a setting only the SDK honours still needs it", async () => {
    const sb = new Sandbox(emu.url);
    try {
      const dist = path.join(sb.dir, "dist");
      cpSync(path.dirname(CLI), dist, { recursive: true });
      rmSync(path.join(dist, "vendor"), { recursive: true }); // the bundled AWS SDK (and qrcode)
      sb.write(sb.configFile, `[profile work]\nmfa_serial = ${DEMO_MFA_SERIAL}\nregion = eu-west-1\nmfa_process = ${emulatorCodeCommand(sb.dir, emu.url, DEMO_MFA_SERIAL)}\n`);
      sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${DEMO_ACCESS_KEY_ID}\naws_secret_access_key = ${DEMO_SECRET_ACCESS_KEY}\n`);
      const cp = (env: Record<string, string> = {}) => sb.exec(process.execPath, [path.join(dist, "cli.js"), "credential-process", "--profile", "work"], { env });
      const sdkOnly = await cp({ AWS_USE_DUALSTACK_ENDPOINT: "true" });
      expect(sdkOnly.code).not.toBe(0); // the SDK is really gone from this dist
      expect(count("GetSessionToken")).toBe(0);
      const cold = await cp();
      expect(cold.stderr).toBe("");
      expect(cold.code).toBe(0);
      expect(JSON.parse(cold.stdout).AccessKeyId).toMatch(/^ASIA/);
      expect(count("GetSessionToken")).toBe(1);
    } finally {
      sb.cleanup();
    }
  });
});

describe("the built CLI loads the lean adapter's modules only to send", () => {
  it("a cold refresh over http loads node:http, not node:https; a command without an STS call loads neither", async () => {
    const sb = new Sandbox(emu.url);
    try {
      sb.write(sb.configFile, `[profile work]\nmfa_serial = ${DEMO_MFA_SERIAL}\nregion = us-east-1\nmfa_process = ${emulatorCodeCommand(sb.dir, emu.url, DEMO_MFA_SERIAL)}\n`);
      sb.write(sb.credentialsFile, `[work-long-term]\naws_access_key_id = ${DEMO_ACCESS_KEY_ID}\naws_secret_access_key = ${DEMO_SECRET_ACCESS_KEY}\n`);
      const preload = path.join(sb.dir, "record.cjs");
      const out = path.join(sb.dir, "builtins.txt");
      sb.write(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.filter((m) => /^NativeModule (http|https|_http_client|tls)$/.test(m)).join("\\n")));\n`);
      const loaded = async (args: string[]) => {
        const r = await sb.exec(process.execPath, ["--require", preload, CLI, ...args]);
        expect(r.stderr).toBe("");
        expect(r.code).toBe(0);
        return readFileSync(out, "utf8").split("\n").filter(Boolean).sort();
      };
      expect(await loaded(["status", "--profile", "work"])).toEqual([]);
      expect(await loaded(["credential-process", "--profile", "work"])).toEqual(["NativeModule _http_client", "NativeModule http"]);
      expect(count("GetSessionToken")).toBe(1);
    } finally {
      sb.cleanup();
    }
  });
});

describe("the lean adapter against the emulator", () => {
  it("GetSessionToken with MFA, then GetCallerIdentity and AssumeRole with the session: every signature accepted", async () => {
    const sts = await port("lean");
    const s = await sts.getSessionToken(DEMO, session());
    expect(s.accessKeyId).toMatch(/^ASIA/);
    expect(Math.abs(s.expiration.getTime() - Date.now() - 900_000)).toBeLessThan(5000);
    const mfaSession = emu.emulator.sessions().find((x) => x.accessKeyId === s.accessKeyId);
    expect(mfaSession?.mfa).toBe(true);
    const id = await sts.getCallerIdentity(s);
    expect(id).toEqual({ account: "123456789012", arn: DEMO_USER_ARN, userId: "AIDAEXAMPLEDEMO000001" });
    const role = await sts.assumeRole(s, { roleArn: DEMO_ROLE_ARN, roleSessionName: "lean-test", durationSeconds: 900 });
    expect((await sts.getCallerIdentity(role)).arn).toBe("arn:aws:sts::123456789012:assumed-role/demo-admin/lean-test");
    expect([count("GetSessionToken"), count("GetCallerIdentity"), count("AssumeRole")]).toEqual([1, 2, 1]);
  });

  it("a wrong secret: SignatureDoesNotMatch after one request (a 4xx is not retried)", async () => {
    const e = await failure((await port("lean")).getCallerIdentity(WRONG_SECRET));
    expect([e.code, e.exit]).toEqual(["SignatureDoesNotMatch", 5]);
    expect(count("GetCallerIdentity")).toBe(1);
  });

  it("throttled twice, then answered: three requests, success", async () => {
    emu.emulator.setSwitches({ throttle: 2 });
    expect((await (await port("lean", { AWSMFA_HTTP_TIMEOUT_MS: "10000" })).getCallerIdentity(DEMO)).arn).toBe(DEMO_USER_ARN);
    expect(count("GetCallerIdentity")).toBe(3);
  });

  it("throttled without end: four requests, then Throttled", async () => {
    emu.emulator.setSwitches({ throttle: 100 });
    const e = await failure((await port("lean", { AWSMFA_HTTP_TIMEOUT_MS: "10000" })).getCallerIdentity(DEMO));
    expect(e.code).toBe("Throttled");
    expect(count("GetCallerIdentity")).toBe(4);
  });

  it("a 500, then answered: two requests, success", async () => {
    emu.emulator.setSwitches({ fail500: 1 });
    expect((await (await port("lean")).getSessionToken(DEMO, session())).accessKeyId).toMatch(/^ASIA/);
    expect(count("GetSessionToken")).toBe(2);
  });

  it("the emulator's clock 10 min ahead: corrected from its Date once, success, one skew warning", async () => {
    emu.emulator.setSwitches({ skewSeconds: 600 });
    let err = "";
    const s = await (await port("lean", {}, { write: (t) => void (err += t) })).getSessionToken(DEMO, session());
    expect(s.accessKeyId).toMatch(/^ASIA/);
    expect(count("GetSessionToken")).toBe(2);
    expect(err.trim().split("\n")).toHaveLength(1);
    expect(err).toContain("10 min behind AWS");
  });

  it("a skew and a wrong secret: corrected once only, then SignatureDoesNotMatch says the clock", async () => {
    emu.emulator.setSwitches({ skewSeconds: 600 });
    const e = await failure((await port("lean")).getCallerIdentity(WRONG_SECRET));
    expect(e.code).toBe("ClockSkew");
    expect(count("GetCallerIdentity")).toBe(2);
  });

  it("an answer whose Date keeps lying: the clock is corrected once, not on every attempt", async () => {
    emu.emulator.setSwitches({ skewSeconds: 600 }); // the emulator's clock 10 min ahead…
    relay.dateShiftMs = 10 * 60_000; // …and its answers say 10 min more
    const e = await failure((await createSts({ env: { AWS_ENDPOINT_URL: relay.url }, region: "us-east-1" })).getCallerIdentity(DEMO));
    expect(e.code).toBe("ClockSkew");
    expect(count("GetCallerIdentity")).toBe(2); // signed on local time, then once on the answer's time
  });

  it("AWS_DISABLE_CLOCK_SKEW_CORRECTION: no correction, one request, ClockSkew", async () => {
    emu.emulator.setSwitches({ skewSeconds: 600 });
    const e = await failure((await port("lean", { AWS_DISABLE_CLOCK_SKEW_CORRECTION: "true" })).getCallerIdentity(DEMO));
    expect(e.code).toBe("ClockSkew");
    expect(e.message).toContain("10 min behind AWS");
    expect(count("GetCallerIdentity")).toBe(1);
  });

  it("a hung endpoint: each attempt bounded, the call ends at its deadline", async () => {
    emu.emulator.setSwitches({ hang: true });
    const t0 = Date.now();
    const e = await failure((await port("lean", { AWSMFA_HTTP_TIMEOUT_MS: "400" })).getCallerIdentity(DEMO));
    expect(e.code).toBe("Network");
    expect(e.message).toBe(`no answer from STS at ${emu.url} within 1.0 s`);
    expect(Date.now() - t0).toBeLessThan(2500);
    expect(count("GetCallerIdentity")).toBeGreaterThanOrEqual(2); // the first attempt's timeout was retried
  });
});

// Each scenario runs through the SDK's adapter, then the lean one, against the same emulator.
interface Scenario {
  name: string;
  env?: Record<string, string>;
  switches?: Parameters<TestEmulator["emulator"]["setSwitches"]>[0];
  run: (sts: Awaited<ReturnType<typeof createSts>>) => Promise<unknown>;
}
const scenarios: Scenario[] = [
  { name: "wrong secret", run: (s) => s.getCallerIdentity(WRONG_SECRET) },
  { name: "unknown access key", run: (s) => s.getCallerIdentity({ accessKeyId: "AKIAEXAMPLEUNKNOWN01", secretAccessKey: DEMO_SECRET_ACCESS_KEY }) },
  {
    name: "a code used already",
    run: async (s) => {
      const req = session();
      await s.getSessionToken(DEMO, req);
      return s.getSessionToken(DEMO, req);
    },
  },
  { name: "a serial that is not the user's", run: (s) => s.getSessionToken(DEMO, session("arn:aws:iam::123456789012:mfa/nobody")) },
  { name: "a duration AWS refuses", run: (s) => s.getSessionToken(DEMO, { ...session(), durationSeconds: 60 }) },
  { name: "a role the user may not assume", run: (s) => s.assumeRole(DEMO, { roleArn: "arn:aws:iam::123456789012:role/nope", roleSessionName: "x" }) },
  { name: "GetSessionToken with session credentials", run: async (s) => s.getSessionToken(await s.getSessionToken(DEMO, session()), session()) },
  {
    name: "a revoked (expired) session",
    run: async (s) => {
      const c = await s.getSessionToken(DEMO, session());
      emu.emulator.revoke({ accessKeyId: c.accessKeyId, as: "ExpiredToken" });
      return s.getCallerIdentity(c);
    },
  },
  { name: "throttling without end", switches: { throttle: 1000 }, run: (s) => s.getCallerIdentity(DEMO) },
  { name: "500s without end", switches: { fail500: 1000 }, run: (s) => s.getCallerIdentity(DEMO) },
  { name: "a skew and a wrong secret", switches: { skewSeconds: 600 }, run: (s) => s.getCallerIdentity(WRONG_SECRET) },
  { name: "a skew, correction disabled", switches: { skewSeconds: -900 }, env: { AWS_DISABLE_CLOCK_SKEW_CORRECTION: "true" }, run: (s) => s.getCallerIdentity(DEMO) },
  { name: "connection refused", env: { AWS_ENDPOINT_URL: "http://127.0.0.1:1" }, run: (s) => s.getCallerIdentity(DEMO) },
  { name: "hung", switches: { hang: true }, env: { AWSMFA_HTTP_TIMEOUT_MS: "300" }, run: (s) => s.getSessionToken(DEMO, session()) },
  // The first answer is lost after the code was used: the retry's "invalid code" is that fault.
  { name: "an answer lost after the code was used", switches: { dropAnswers: 1 }, env: { AWSMFA_HTTP_TIMEOUT_MS: "500" }, run: (s) => s.getSessionToken(DEMO, session()) },
];

describe("differential: the same call through both adapters gives the same typed error", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, sc) => {
    const results: Typed[] = [];
    for (const adapter of ADAPTERS) {
      emu.emulator.setSwitches({ throttle: 0, fail500: 0, hang: false, dropAnswers: 0, skewSeconds: 0, ...sc.switches });
      results.push(await failure(sc.run(await port(adapter, sc.env))));
    }
    expect(results[1]).toEqual(results[0]);
  });

  it("and the same answers", async () => {
    const answers = [];
    for (const adapter of ADAPTERS) {
      const sts = await port(adapter);
      const s = await sts.getSessionToken(DEMO, session());
      const role = await sts.assumeRole(DEMO, { roleArn: DEMO_ROLE_ARN, roleSessionName: `diff-${adapter}`, durationSeconds: 1800, serialNumber: DEMO_MFA_SERIAL, tokenCode: emu.code() });
      answers.push({
        id: await sts.getCallerIdentity(DEMO),
        sessionId: await sts.getCallerIdentity(s),
        roleArn: (await sts.getCallerIdentity(role)).arn.replace(adapter, "*"),
        shapes: [s, role].map((c) => ({ id: c.accessKeyId.slice(0, 4), secret: c.secretAccessKey.length, token: typeof c.sessionToken, expires: c.expiration instanceof Date })),
        lifetimes: [s, role].map((c) => Math.round((c.expiration.getTime() - Date.now()) / 60_000)),
      });
    }
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[0]!.lifetimes).toEqual([15, 30]);
  });
});
