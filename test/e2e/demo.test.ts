import { expect, it } from "vitest";
import { Sandbox } from "../helpers/sandbox.js";
import { requireProgram, AWS_V2 } from "../helpers/programs.js";
import { existsSync } from "node:fs";

// `npm run demo` runs `awsmfa demo`: the whole flow against the sandbox, then cleans up.
it("demo logs in on the sandbox and the AWS CLI accepts the session", async () => {
  requireProgram(AWS_V2);
  const sb = new Sandbox();
  try {
    const r = await sb.awsmfa(["demo"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/The authenticator app shows: \d{6}/);
    expect(r.stdout).toMatch(/profile demo: new session, valid until/);
    expect(r.stdout).toMatch(/"Arn": "arn:aws:iam::123456789012:user\/demo"/);
    const dir = /sandbox AWS files in (\S+)/.exec(r.stdout)![1]!;
    expect(existsSync(dir)).toBe(false); // cleaned up
    expect(existsSync(sb.credentialsFile)).toBe(false); // the user's own files untouched
  } finally {
    sb.cleanup();
  }
});
