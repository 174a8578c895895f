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
const MIN_MID = 5; // kills that land between writing the destination and removing the source
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
    let midMove = 0; // kills that landed inside the move: the destination written, the source not yet removed
    let moves = 0;
    const perStore: Record<Kind, number> = { credentials: 0, keyring: 0, file: 0 };
    // Where to aim, per pair of stores (a move out of the file decrypts first, so pairs differ). It
    // is steered by what each kill left: nothing done yet → later, the move done → earlier. A window
    // taken from the moves that finished shrinks instead (only moves faster than their kill finish),
    // and on a CI machine it once shrank until 60 kills all landed in Node's start-up.
    const aim = new Map<string, number>();
    let prev = await holders(); // what the stores held before the next move
    const deadline = Date.now() + 200_000;
    const fewest = () => Math.min(...kinds.map((k) => perStore[k]));
    while ((kills < MIN_KILLS || fewest() < MIN_PER_STORE || midMove < MIN_MID) && Date.now() < deadline) {
      const from = configured();
      // The destination with the fewest kills so far: every store gets its share.
      const to = kinds.filter((k) => k !== from).sort((a, b) => perStore[a] - perStore[b])[0]!;
      const pair = `${from}->${to}`;
      const target = aim.get(pair) ?? full[to];
      // Random instants around the aim, so kills fall in start-up, in the move and after it too.
      const r = await move(to, target * (0.6 + 0.6 * Math.random()));
      moves++;
      const has = await holders();
      const now = configured();
      const written = has.has(to) && !prev.has(to);
      prev = has;
      // The invariant: the store the profile names holds the key.
      expect([...has], `after ${r.killed ? "a kill" : "a finished move"} to ${to} (awsmfa_source = ${now})`).toContain(now);
      if (!r.killed) {
        expect(r.code, r.stderr).toBe(0);
        aim.set(pair, target * 0.9);
        continue;
      }
      kills++;
      perStore[to]++;
      if (now === from && !written) aim.set(pair, target * 1.1); // too early: nothing moved yet
      else if (now === to && !has.has(from)) aim.set(pair, target * 0.9); // too late: all done
      else midMove++;
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Kills must land inside the move, or the test proves nothing.
    expect(midMove).toBeGreaterThanOrEqual(MIN_MID);
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
      `keys-crash.test.ts: ${kills} SIGKILLs in ${moves} moves (to credentials ${perStore.credentials}, keyring ${perStore.keyring}, file ${perStore.file}); ${midMove} inside the move; full move ms ${JSON.stringify(full)}\n`,
    );
  }, 320_000);
});
