import { existsSync, mkdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AWS_V2, requireProgram } from "../helpers/programs.js";
import { CLI, Sandbox } from "../helpers/sandbox.js";
import { TmuxShell } from "../helpers/tmux.js";

// `awsmfa demo` (and `npm run demo`): the guided walk against its own sandbox, then cleaned up.
// Each step's outcome is read from what the real programs printed: IAM's device list, awsmfa
// status, a real bash's AWS_PROFILE, the AWS CLI's answer.

const SERIAL = "arn:aws:iam::123456789012:mfa/demo-phone";

/** A PATH whose `aws` is the AWS CLI v2 (the machine's PATH may start with v1's shim). */
function pathWithAwsV2(sb: Sandbox): string {
  const bin = path.join(sb.dir, "aws-bin");
  mkdirSync(bin);
  symlinkSync(AWS_V2, path.join(bin, "aws"));
  return `${bin}:${sb.env.PATH}`;
}

describe("awsmfa demo", () => {
  it("--no-interactive: device add with its QR, login, per-directory profiles in bash, process mode used by the AWS CLI", async () => {
    requireProgram(AWS_V2);
    requireProgram("bash");
    const sb = new Sandbox();
    try {
      const r = await sb.awsmfa(["demo", "--no-interactive"], { env: { PATH: pathWithAwsV2(sb) } });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      const out = r.stdout;
      const dir = /throwaway files in (\S+)/.exec(out)![1]!;

      // 1. The device: its QR code drawn, two codes from the authenticator, enabled in the sandbox
      // (IAM's own ListMFADevices, through `device list`, gives it an enable date).
      expect(out).toMatch(/Step 1\/4: register an MFA device\n {2}\$ awsmfa device add --profile demo --name demo-phone/);
      expect(out).toMatch(/[█▀▄]{7}/);
      expect(out).toMatch(/the authenticator shows \d{6}, then \d{6}/);
      expect(out).toContain(`enabled ${SERIAL}; mfa_serial written to [profile demo]`);
      expect(out).toMatch(new RegExp(`\\*  ${SERIAL}  virtual  \\d{4}-\\d\\d-\\d\\dT`));

      // 2. The session: login with the authenticator's code, valid by status.
      expect(out).toMatch(/Step 2\/4: log in\n {2}\$ awsmfa login --profile demo --code \d{6}/);
      expect(out).toMatch(/profile demo: new session, valid until/);
      expect(out).toMatch(new RegExp(`mfa_serial: ${SERIAL}\\n\\s+key: .*\\n\\s+mode: +file\\n\\s+session: +valid until`));

      // 3. A real bash with the hook: AWS_PROFILE follows the folders, and is unset outside them.
      expect(out).toContain("awsmfa: allowed");
      expect(out).toContain("bash$ cd projects/alpha   ->  AWS_PROFILE=demo\n");
      expect(out).toContain("bash$ cd ../beta   ->  AWS_PROFILE=demo-admin\n");
      expect(out).toContain("bash$ cd ~   ->  AWS_PROFILE=(unset)\n");

      // 4. Process mode: configure names the sandbox's awsmfa launcher, and the AWS CLI answers.
      expect(out).toMatch(/profile demo: process mode\n\s+credential_process = \S+\/bin\/awsmfa credential-process --profile demo\n/);
      expect(out).toMatch(/\$ aws sts get-caller-identity --profile demo.*\n\s+\{\n[^}]*"Arn": "arn:aws:iam::123456789012:user\/demo"/);
      expect(out).toMatch(/\nDone: .* The sandbox is removed\.\n$/);

      expect(existsSync(dir)).toBe(false); // cleaned up
      expect(existsSync(sb.credentialsFile)).toBe(false); // the user's own files untouched
    } finally {
      sb.cleanup();
    }
  });

  it("with no AWS CLI on PATH the last step says so in one line, and the demo still succeeds", async () => {
    const sb = new Sandbox();
    try {
      // Only bash and the basic tools: no `aws` anywhere on this PATH.
      const bin = path.join(sb.dir, "bin");
      mkdirSync(bin);
      for (const tool of ["bash", "sh", "cat", "env", "date", "stat", "mkdir", "rm"])
        for (const d of ["/usr/bin", "/bin"]) if (existsSync(path.join(d, tool)) && !existsSync(path.join(bin, tool))) symlinkSync(path.join(d, tool), path.join(bin, tool));
      const r = await sb.awsmfa(["demo", "--no-interactive"], { env: { PATH: bin } });
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("bash$ cd ../beta   ->  AWS_PROFILE=demo-admin\n");
      expect(r.stdout).toMatch(/\n {2}no AWS CLI \('aws'\) on PATH: this step ends here; .*\n\nDone: /);
    } finally {
      sb.cleanup();
    }
  });

  it("on a terminal it waits for Enter between steps", async () => {
    requireProgram("tmux", ["-V"]);
    const sb = new Sandbox();
    const sh = new TmuxShell(["sh", "-c", `'${process.execPath}' '${CLI}' demo; echo "demo exit $?"; sleep 120`], { ...sb.env, TERM: "screen" }, sb.home);
    try {
      const prompts = () => sh.count("(Enter: next step)");
      await sh.until("the first pause", () => (prompts() === 1 ? true : undefined), 30_000);
      await new Promise((r) => setTimeout(r, 500));
      expect(sh.screen()).not.toContain("Step 1/4"); // it waits
      // A pause after the introduction and after steps 1 to 3; each Enter moves one step on.
      for (let n = 1; n <= 3; n++) {
        sh.type("");
        await sh.until(`pause ${n + 1}`, () => (prompts() === n + 1 ? true : undefined), 30_000);
        expect(sh.screen()).toContain(`Step ${n}/4`);
        expect(sh.screen()).not.toContain(`Step ${n + 1}/4`);
      }
      sh.type("");
      await sh.until("the end", () => (sh.screen().includes("demo exit 0") ? true : undefined), 30_000);
      expect(sh.screen()).toContain("Step 4/4: process mode");
    } finally {
      await sh.kill();
      sb.cleanup();
    }
  }, 90_000);
});
