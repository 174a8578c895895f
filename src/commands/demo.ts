import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { base32Decode, totp } from "../core/totp.js";
import type { Out } from "../world.js";
import { spec } from "./demo.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";


export const command: Command = {
  async run(world, args) {
    // --no-interactive: the walk never waits for a key press (CI); accepted so scripts can say so.
    parseCommand(spec, args);
    const { startEmulator } = await import("../emulator/index.js");
    const emu = await startEmulator({
      port: 0,
      onInternalError: (e) => world.stderr.write(`emulator: internal error: ${e instanceof Error ? e.message : String(e)}\n`),
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-demo-"));
    const out = world.stdout;
    try {
      const id = emu.identity;
      const aws = path.join(dir, ".aws");
      mkdirSync(aws, { mode: 0o700 });
      const configFile = path.join(aws, "config");
      const credentialsFile = path.join(aws, "credentials");
      writeFileSync(configFile, `[profile demo]\nmfa_serial = ${id.mfaSerial}\nregion = us-east-1\n`, { mode: 0o600 });
      writeFileSync(
        credentialsFile,
        `# the long-term key lives in [demo-long-term]; awsmfa writes sessions to [demo]\n[demo-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`,
        { mode: 0o600 },
      );
      const env = {
        ...world.env,
        HOME: dir,
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_ENDPOINT_URL: emu.url,
        XDG_CACHE_HOME: path.join(dir, ".cache"),
        XDG_DATA_HOME: path.join(dir, ".local", "share"),
        AWS_PROFILE: undefined,
        AWS_DEFAULT_PROFILE: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PAGER: "",
      };
      step(out, `1. Local STS/IAM sandbox running at ${emu.url}`);
      out.write(`   demo user ${id.userArn}\n   MFA device ${id.mfaSerial}\n   sandbox AWS files in ${aws}\n`);
      const code = totp(base32Decode(id.seedBase32), Date.now());
      step(out, `2. The authenticator app shows: ${code}`);
      step(out, `3. awsmfa login --profile demo --code ${code}`);
      // This very awsmfa as a child process, as the user would run it (and no import of main.ts,
      // which lists this command: no import cycle). Asynchronous: the emulator answers from this
      // event loop.
      const [self, ...selfArgs] = world.selfCommand();
      const run = (argv: string[]) => runChild(self!, [...selfArgs, ...argv], env, world);
      let rc = await run(["login", "--profile", "demo", "--code", code]);
      if (rc !== 0) return rc;
      step(out, "4. awsmfa status");
      rc = await run(["status", "--profile", "demo"]);
      if (rc !== 0) return rc;
      step(out, "5. aws sts get-caller-identity --profile demo");
      const cli = ["/usr/bin/aws", "aws"].find((c) => spawnSync(c, ["--version"], { stdio: "ignore" }).status === 0);
      if (!cli) out.write("   (no AWS CLI installed; skipped — the session is in the sandbox credentials file)\n");
      else {
        // Asynchronously: the emulator answers from this very event loop.
        const r = await new Promise<{ status: number | null; text: string }>((resolve) => {
          const child = spawn(cli, ["--endpoint-url", emu.url, "sts", "get-caller-identity", "--profile", "demo", "--output", "json"], {
            env: env as NodeJS.ProcessEnv,
            stdio: ["ignore", "pipe", "pipe"],
          });
          let text = "";
          child.stdout.on("data", (d) => (text += d));
          child.stderr.on("data", (d) => (text += d));
          child.on("error", (e) => resolve({ status: 1, text: e.message }));
          child.on("close", (status) => resolve({ status, text }));
        });
        out.write(indent(r.text));
        if (r.status !== 0) return 1;
      }
      step(out, "Done: the AWS CLI used the MFA session that awsmfa wrote. Sandbox removed.");
      return 0;
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await emu.close();
    }
  },
};

function runChild(cmd: string, args: string[], env: Record<string, string | undefined>, world: { stdout: Out; stderr: Out }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (d: Buffer) => world.stdout.write(d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => world.stderr.write(d.toString("utf8")));
    child.on("error", (e) => {
      world.stderr.write(`awsmfa demo: cannot run ${cmd}: ${e.message}\n`);
      resolve(1);
    });
    child.on("close", (status) => resolve(status ?? 1));
  });
}

const step = (out: Out, text: string) => out.write(`\n${text}\n`);
const indent = (text: string) => text.replace(/^(?=.)/gm, "   ");
