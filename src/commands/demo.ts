import { spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { hotp, timeStep } from "../core/totp.js";
import { otpauthUri } from "../device/otpauth.js";
import { findOnPath } from "../ports/launcher.js";
import { lazyTerminal } from "../ports/terminal.js";
import type { Out } from "../world.js";
import { quoteArg } from "../core/process-line.js";
import { spec } from "./demo.spec.js";
import { parseCommand } from "./spec.js";
import type { Command } from "./types.js";
import { t as tr } from "../i18n/index.js";

type Child = { status: number; stdout: string; stderr: string };

export const command: Command = {
  async run(world, args) {
    const { flags } = parseCommand(spec, args);
    const term = lazyTerminal(world);
    const { startEmulator } = await import("../emulator/index.js");
    const emu = await startEmulator({
      port: 0,
      onInternalError: (e) => world.stderr.write(`emulator: internal error: ${e instanceof Error ? e.message : String(e)}\n`),
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), "awsmfa-demo-"));
    const out = world.stdout;
    const say = (text: string) => out.write(text.replace(/^(?=.)/gm, "  ") + (text.endsWith("\n") ? "" : "\n"));
    const pause = async () => {
      const t = flags["no-interactive"] ? undefined : term.get();
      if (t) await t.ask(tr("demo.enterNextStep")).catch(() => "");
    };
    try {
      const id = emu.identity;
      const home = path.join(dir, "home");
      const aws = path.join(home, ".aws");
      mkdirSync(aws, { recursive: true, mode: 0o700 });
      const configFile = path.join(aws, "config");
      const credentialsFile = path.join(aws, "credentials");
      writeFileSync(configFile, `[profile demo]\nregion = us-east-1\n\n[profile demo-admin]\nrole_arn = ${id.roleArn}\nsource_profile = demo\nregion = us-east-1\n`, { mode: 0o600 });
      writeFileSync(credentialsFile, `[demo-long-term]\naws_access_key_id = ${id.accessKeyId}\naws_secret_access_key = ${id.secretAccessKey}\n`, { mode: 0o600 });
      // `awsmfa` on the sandbox PATH, as a global install would put it: the bash hook calls it by
      // name, and configure finds it there (it names this very awsmfa, so it is trusted).
      const bin = path.join(dir, "bin");
      mkdirSync(bin);
      const launcher = path.join(bin, "awsmfa");
      const self = world.selfCommand();
      // A launcher already found on PATH is linked (it resolves to this script); node + script get
      // a shim naming the script. Either way configure recognises it as this awsmfa.
      if (self.length === 1) symlinkSync(self[0]!, launcher);
      else {
        writeFileSync(launcher, `#!/bin/sh\nexec ${self.map((w) => quoteArg(w)).join(" ")} "$@"\n`, { mode: 0o755 });
        chmodSync(launcher, 0o755);
      }
      const env: Record<string, string | undefined> = {
        ...world.env,
        PATH: `${bin}${path.delimiter}${world.env.PATH ?? ""}`,
        HOME: home,
        AWS_CONFIG_FILE: configFile,
        AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
        AWS_ENDPOINT_URL: emu.url,
        XDG_CACHE_HOME: path.join(home, ".cache"),
        XDG_DATA_HOME: path.join(home, ".local", "share"),
        XDG_CONFIG_HOME: path.join(home, ".config"),
        AWS_PROFILE: undefined,
        AWS_DEFAULT_PROFILE: undefined,
        AWSMFA_PROFILE: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        AWS_SESSION_TOKEN: undefined,
        AWS_PAGER: "",
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      };
      // This very awsmfa as a child process, as the user would run it (and no import of main.ts,
      // which lists this command: no import cycle). Asynchronous: the emulator answers from this
      // event loop. Detached: no child may prompt on the terminal; the demo plays the person.
      const run = (argv: string[], opts: { input?: string; cwd?: string; cmd?: string } = {}) =>
        runChild(opts.cmd ?? launcher, argv, env, opts.input, opts.cwd ?? home);
      const show = (r: Child) => {
        if (r.stdout) say(r.stdout);
        if (r.stderr) say(r.stderr);
        return r.status;
      };
      const authenticator = (serial: string, offsetSteps = 0) => {
        const dev = emu.state.devices.get(serial)!;
        return hotp(dev.key, timeStep(Date.now()) + offsetSteps);
      };

      out.write(tr("demo.awsmfaDemoASandbox", { url: emu.url, dir }));
      say(tr("demo.iamUserUserarnIts", { userArn: id.userArn }));
      await pause();

      // 1. device add, its QR code, and the two codes from the sandbox authenticator.
      const name = "demo-phone";
      const serial = `arn:aws:iam::${id.account}:mfa/${name}`;
      const png = path.join(dir, "qr.png");
      step(out, tr("demo.stepRegisterAnMfa"), `awsmfa device add --profile demo --name ${name} --qr-png qr.png`);
      const adding = run(["device", "add", "--profile", "demo", "--name", name, "--qr-png", png], { input: "pending" });
      // device add writes the PNG before it reads the codes: then the authenticator "scans" it.
      const deadline = Date.now() + 30_000;
      while (!existsSync(png) && !adding.done() && Date.now() < deadline) await sleep(20);
      const dev = emu.state.devices.get(serial);
      if (dev) {
        const { terminalQr } = await import("../device/qr.js");
        const qr = await terminalQr(otpauthUri(name, id.account, dev.seedBase32), term.get()?.columns?.(), png, world.env);
        say(tr("demo.theQrCodeDevice"));
        say(qr.lines.join("\n"));
        const c1 = authenticator(serial);
        const c2 = authenticator(serial, 1);
        say(tr("demo.theAuthenticatorShowsC", { c1, c2 }));
        adding.write(`${c1}\n${c2}\n`);
      } else adding.write("");
      if (show(await adding.result) !== 0) return 1;
      say("$ awsmfa device list --profile demo");
      if (show(await run(["device", "list", "--profile", "demo"])) !== 0) return 1;
      await pause();

      // 2. login with the code the authenticator shows now.
      const code = emu.nextCode(serial); // one the sandbox has not accepted yet: each code works once
      step(out, tr("demo.stepLogIn"), tr("demo.loginCmd", { code }));
      if (show(await run(["login", "--profile", "demo", "--code", code])) !== 0) return 1;
      say("$ awsmfa status --profile demo");
      if (show(await run(["status", "--profile", "demo"])) !== 0) return 1;
      await pause();

      // 3. per-directory profiles in a real bash.
      step(out, tr("demo.stepPerDirectoryProfiles"), `bash --norc, with eval "$(awsmfa hook bash)"`);
      const alpha = path.join(home, "projects", "alpha");
      const beta = path.join(home, "projects", "beta");
      mkdirSync(alpha, { recursive: true });
      mkdirSync(beta, { recursive: true });
      writeFileSync(path.join(alpha, ".awsmfa"), "profile = demo\n");
      writeFileSync(path.join(beta, ".awsmfa"), "profile = demo-admin\n");
      say("projects/alpha/.awsmfa: profile = demo\nprojects/beta/.awsmfa:  profile = demo-admin");
      for (const d of [alpha, beta]) {
        say(`$ cd ${path.relative(home, d)} && awsmfa allow`);
        if (show(await run(["allow"], { cwd: d })) !== 0) return 1;
      }
      // An interactive bash (-i) runs PROMPT_COMMAND, where the hook lives, before each command it
      // reads; fed by a pipe it needs no terminal. Each line reports what the hook left behind.
      const script = [
        "PS1=",
        'eval "$(awsmfa hook bash)"',
        ...["projects/alpha", "../beta", "~"].flatMap((to) => [`cd ${to}`, `echo "bash\\$ cd ${to}   ->  AWS_PROFILE=\${AWS_PROFILE-(unset)}"`]),
        "exit",
        "",
      ].join("\n");
      const bashPath = findOnPath("bash", env, world.platform);
      if (!bashPath) say(tr("demo.noBashOnPath"));
      else {
        const bash = await run(["--norc", "-i"], { cmd: bashPath, input: script });
        if (bash.status !== 0) {
          say(bash.stderr);
          return 1;
        }
        say(bash.stdout);
      }
      await pause();

      // 4. process mode, used by the AWS CLI.
      step(out, tr("demo.stepProcessMode"), "awsmfa configure --profile demo --mode process");
      if (show(await run(["configure", "--profile", "demo", "--mode", "process"])) !== 0) return 1;
      const cli = findOnPath("aws", env, world.platform);
      if (!cli) say(tr("demo.noAwsCliAws"));
      else {
        say(tr("demo.awsStsGetCaller"));
        const r = await runChild(cli, ["--endpoint-url", emu.url, "--region", "us-east-1", "sts", "get-caller-identity", "--profile", "demo", "--output", "json"], env, undefined, home);
        if (show(r) !== 0) return 1;
      }
      out.write(tr("demo.doneADeviceA"));
      return 0;
    } finally {
      term.close();
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
      await emu.close();
    }
  },
};

function runChild(cmd: string, args: string[], env: Record<string, string | undefined>, input: string | undefined, cwd: string) {
  let stdout = "";
  let stderr = "";
  let finished = false;
  const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, cwd, detached: true, stdio: ["pipe", "pipe", "pipe"] });
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  child.stdin.on("error", () => {}); // it may exit before reading
  const result = new Promise<Child>((resolve) => {
    child.on("error", (e) => {
      finished = true;
      resolve({ status: 1, stdout, stderr: `${stderr}cannot run ${cmd}: ${e.message}\n` });
    });
    child.on("close", (status) => {
      finished = true;
      resolve({ status: status ?? 1, stdout, stderr });
    });
  });
  // "pending": stdin stays open until write() (device add reads its codes only once they exist).
  if (input !== "pending") child.stdin.end(input ?? "");
  const handle = result as Promise<Child> & { result: Promise<Child>; write(text: string): void; done(): boolean };
  handle.result = result;
  handle.write = (text) => child.stdin.end(text);
  handle.done = () => finished;
  return handle;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const step = (out: Out, title: string, cmd: string) => out.write(`\n${title}\n  $ ${cmd}\n`);
