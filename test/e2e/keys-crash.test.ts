import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decryptKeys } from "../../src/ports/keys/file.js";
import { watchArgv, type ArgvWatch } from "../helpers/argv-watch.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { startSecretService, type SecretService } from "../helpers/secret-service.js";

// Crash safety of `keys move`: SIGKILL at random instants while the key moves between the
// credentials file, a real Secret Service and the encrypted file. After every kill the store the
// profile names (awsmfa_source) must hold the key exactly, read by an independent client
// (the file's bytes, libsecret's secret-tool, a fresh decryption), and the next move must go on.

const PASS = "made-up crash passphrase";
const P = "crash";
const KEY = { id: "AKIACRASHTESTEXAMPLE", secret: "crashSecretEXAMPLEcrashSecretEXAMPLE0000" };
const MIN_KILLS = 60;
const MIN_PER_STORE = 10; // kills while moving INTO each store
type Kind = "credentials" | "keyring" | "file";

let sb: Sandbox;
let ss: SecretService;
let watch: ArgvWatch;

beforeAll(async () => {
  sb = new Sandbox();
  ss = await startSecretService(sb.home, sb.env.XDG_DATA_HOME!);
  watch = watchArgv(() => [KEY.secret, PASS]);
  sb.write(sb.configFile, `[profile ${P}]\nmfa_serial = arn:aws:iam::123456789012:mfa/${P}\n`);
  sb.write(sb.credentialsFile, `# kept\n[${P}-long-term]\naws_access_key_id = ${KEY.id}\naws_secret_access_key = ${KEY.secret}\n`);
});
afterAll(async () => {
  await ss?.stop();
  sb?.cleanup();
});

const env = () => ({ ...sb.env, ...ss.env, AWSMFA_FILE_PASSPHRASE: PASS });

function configured(): Kind {
  const m = /awsmfa_source = (\w+)/.exec(sb.read(sb.configFile));
  return (m?.[1] as Kind | undefined) ?? "credentials";
}

/** Which stores hold exactly KEY, each read by something other than awsmfa's command. */
async function holders(): Promise<Set<Kind>> {
  const out = new Set<Kind>();
  const creds = existsSync(sb.credentialsFile) ? sb.read(sb.credentialsFile) : "";
  if (creds.includes(`[${P}-long-term]\naws_access_key_id = ${KEY.id}\naws_secret_access_key = ${KEY.secret}\n`)) out.add("credentials");
  const kr = ss.lookup("awsmfa", P);
  if (kr && JSON.parse(kr).secretAccessKey === KEY.secret && JSON.parse(kr).accessKeyId === KEY.id) out.add("keyring");
  const file = path.join(sb.env.XDG_DATA_HOME!, "awsmfa", "keys.enc");
  if (existsSync(file)) {
    const keys = await decryptKeys(readFileSync(file, "utf8"), PASS, file);
    if (keys[P]?.secretAccessKey === KEY.secret && keys[P]?.accessKeyId === KEY.id) out.add("file");
  }
  return out;
}

/** Runs `keys move`, SIGKILLs it after `killAfterMs` (if still running). */
function move(to: Kind, killAfterMs: number): Promise<{ killed: boolean; code: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, "keys", "move", "--profile", P, "--to", to], { env: env(), stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill("SIGKILL");
    }, killAfterMs);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ killed: killed && signal === "SIGKILL", code, stderr, ms: Date.now() - started });
    });
  });
}

describe("keys move under SIGKILL", () => {
  it(`never loses the key: ${MIN_KILLS}+ kills at random instants across the three stores`, async () => {
    const kinds: Kind[] = ["credentials", "keyring", "file"];
    // How long a whole move takes per destination, to aim the kills inside it.
    const full: Record<Kind, number> = { credentials: 0, keyring: 0, file: 0 };
    for (const to of ["keyring", "file", "credentials"] as Kind[]) {
      const r = await move(to, 60_000);
      expect(r.code, r.stderr).toBe(0);
      full[to] = r.ms;
      expect(configured()).toBe(to);
    }
    let kills = 0;
    let midMove = 0; // kills after which two stores held the key: the kill landed inside the move
    let moves = 0;
    const perStore: Record<Kind, number> = { credentials: 0, keyring: 0, file: 0 };
    const finished = new Map<string, number[]>();
    const deadline = Date.now() + 200_000;
    const fewest = () => Math.min(...kinds.map((k) => perStore[k]));
    while ((kills < MIN_KILLS || fewest() < MIN_PER_STORE) && Date.now() < deadline) {
      const from = configured();
      // The destination with the fewest kills so far: every store gets its share.
      const to = kinds.filter((k) => k !== from).sort((a, b) => perStore[a] - perStore[b])[0]!;
      // Anywhere in a whole move: up to the longest of the last finished moves of this pair (a move
      // out of the file decrypts first, so pairs differ; load varies).
      const pair = `${from}->${to}`;
      const window = finished.get(pair)?.length ? Math.max(...finished.get(pair)!.slice(-5)) : full[to] * 1.5;
      // The first part of a move is Node starting up; the stores are touched in its later part, so
      // the kills are spread over the later 70% (a kill landing mid-move was sometimes 0 in 60).
      const r = await move(to, window * (0.3 + 0.7 * Math.random()));
      if (!r.killed) finished.set(pair, [...(finished.get(pair) ?? []), r.ms]);
      moves++;
      if (r.killed) {
        kills++;
        perStore[to]++;
      } else expect(r.code, r.stderr).toBe(0);
      const has = await holders();
      // The invariant: the store the profile names holds the key.
      expect([...has], `after ${r.killed ? "a kill" : "a finished move"} to ${to} (awsmfa_source = ${configured()})`).toContain(configured());
      if (has.size > 1) midMove++;
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Some kills must land inside the move, or the test proves nothing.
    expect(midMove).toBeGreaterThan(0);
    for (const k of kinds) expect(perStore[k], k).toBeGreaterThanOrEqual(MIN_PER_STORE);
    // Afterwards a plain move still works, and finishing the move cleans a leftover plaintext copy.
    const last = await move("keyring", 60_000);
    expect(last.code, last.stderr).toBe(0);
    const tidy = await move("keyring", 60_000);
    expect(tidy.code, tidy.stderr).toBe(0);
    expect((await holders()).has("credentials")).toBe(false);
    expect(sb.read(sb.credentialsFile)).toBe("# kept\n");
    const w = watch.stop();
    expect(w.hits).toEqual([]);
    process.stdout.write(
      `keys-crash.test.ts: ${kills} SIGKILLs in ${moves} moves (to credentials ${perStore.credentials}, keyring ${perStore.keyring}, file ${perStore.file}); ${midMove} left two copies; full move ms ${JSON.stringify(full)}\n`,
    );
  }, 320_000);
});
