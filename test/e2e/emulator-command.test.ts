import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCESS_KEY_ID, DEMO_MFA_SERIAL, DEMO_SECRET_ACCESS_KEY, DEMO_SEED_BASE32 } from "../helpers/emulator.js";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";

// `awsmfa emulator` as a separate process, the way the demo and scripts use it: the first stdout
// line is JSON, the admin API works across processes, and SIGTERM stops it cleanly.

let box: Sandbox;
beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run 'npm run build' (npm test does it)`);
  requireProgram(AWS_V2);
  box = new Sandbox();
});
afterAll(() => box?.cleanup());

interface Running {
  child: ChildProcessWithoutNullStreams;
  info: Record<string, string | number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

function startCli(args: string[]): Promise<Running> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "emulator", ...args], { env: box.env, stdio: ["pipe", "pipe", "pipe"] });
    let out = "";
    let err = "";
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((res) =>
      child.on("close", (code, signal) => res({ code, signal, stderr: err })),
    );
    child.stderr.setEncoding("utf8").on("data", (d: string) => (err += d));
    child.stdout.setEncoding("utf8").on("data", (d: string) => {
      out += d;
      const nl = out.indexOf("\n");
      if (nl !== -1) {
        try {
          resolve({ child, info: JSON.parse(out.slice(0, nl)), exited });
        } catch (e) {
          reject(new Error(`first line is not JSON: ${out}`));
        }
      }
    });
    child.on("error", reject);
    exited.then((r) => reject(new Error(`emulator exited early (${r.code}): ${r.stderr}`)));
    setTimeout(() => reject(new Error("emulator did not print its endpoint within 10 s")), 10_000).unref();
  });
}

describe("awsmfa emulator --json", () => {
  let run: Running;
  beforeAll(async () => {
    const state = path.join(box.dir, "state.json");
    box.write(
      state,
      JSON.stringify({
        users: [{ name: "carol", accessKeys: [{ id: "AKIAEXAMPLEINACTIVE1", secret: "inactiveSECRETkeyEXAMPLE/0123456789abcd", status: "Inactive" }] }],
      }),
    );
    run = await startCli(["--json", "--port", "0", "--state", state]);
  });

  it("prints the endpoint and demo identity as one JSON line", () => {
    expect(run.info).toMatchObject({
      accessKeyId: DEMO_ACCESS_KEY_ID,
      secretAccessKey: DEMO_SECRET_ACCESS_KEY,
      mfaSerial: DEMO_MFA_SERIAL,
      seedBase32: DEMO_SEED_BASE32,
      account: "123456789012",
    });
    expect(run.info.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("serves the AWS CLI and counts calls across processes", async () => {
    const url = String(run.info.endpoint);
    const env = { AWS_ACCESS_KEY_ID: DEMO_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY: DEMO_SECRET_ACCESS_KEY, AWS_REGION: "us-east-1" };
    const code = ((await (await fetch(`${url}/__emulator/code`)).json()) as { code: string }).code;
    const r = await box.exec(AWS_V2, ["--endpoint-url", url, "sts", "get-session-token", "--serial-number", DEMO_MFA_SERIAL, "--token-code", code], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(await (await fetch(`${url}/__emulator/counters`)).json()).toEqual({ GetSessionToken: 1 });
    await fetch(`${url}/__emulator/reset`, { method: "POST" });
    expect(await (await fetch(`${url}/__emulator/counters`)).json()).toEqual({});
    expect(await (await fetch(`${url}/__emulator/identity`)).json()).toMatchObject({ seedBase32: DEMO_SEED_BASE32 });
  });

  it("loads --state: an Inactive key is refused like an unknown one", async () => {
    const r = await box.exec(AWS_V2, ["--endpoint-url", String(run.info.endpoint), "sts", "get-caller-identity"], {
      env: { AWS_ACCESS_KEY_ID: "AKIAEXAMPLEINACTIVE1", AWS_SECRET_ACCESS_KEY: "inactiveSECRETkeyEXAMPLE/0123456789abcd", AWS_REGION: "us-east-1" },
    });
    expect(r.stderr).toContain("(InvalidClientTokenId)");
  });

  it("stops on SIGTERM with exit code 0", async () => {
    run.child.kill("SIGTERM");
    const r = await run.exited;
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("awsmfa emulator errors", () => {
  it("a busy port is a usage error", async () => {
    const first = await startCli(["--json"]);
    const port = String(first.info.port);
    const second = await box.awsmfa(["emulator", "--port", port]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain(`port ${port} is already in use`);
    first.child.kill("SIGINT");
    expect((await first.exited).code).toBe(0);
  });

  it("a bad --state file is a usage error naming the file", async () => {
    const r = await box.awsmfa(["emulator", "--state", path.join(box.dir, "missing.json")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing.json");
  });

  it("--help shows examples", async () => {
    const r = await box.awsmfa(["emulator", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Examples:");
  });
});
