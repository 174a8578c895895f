import { execFileSync } from "node:child_process";

// Tests use real programs. A missing one is a failure with a clear message (never a silent skip):
// .ci/run installs them all, so a missing program means the machine is not set up.
export function requireProgram(cmd: string, versionArgs: string[] = ["--version"]): string {
  try {
    execFileSync(cmd, versionArgs, { stdio: "pipe", timeout: 20_000 });
    return cmd;
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === "ENOENT") throw new Error(`this test needs '${cmd}', which is not installed (see .ci/run)`);
    return cmd; // it exists; some tools exit non-zero for --version
  }
}

/** The Debian AWS CLI v2. It ignores AWS_ENDPOINT_URL (2.9), so tests pass --endpoint-url. */
export const AWS_V2 = "/usr/bin/aws";
/** AWS CLI v1 from the machine's Python, run as a module so PATH order does not matter. */
export const AWS_V1 = ["python3", "-m", "awscli"] as const;

/** Fails unless `python3 -m awscli` really is AWS CLI v1 (Debian's v2 also ships an awscli module). */
export function requireAwsV1(): void {
  let out: string;
  try {
    out = execFileSync(AWS_V1[0], [...AWS_V1.slice(1), "--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 30_000 });
  } catch (e) {
    throw new Error(`this test needs AWS CLI v1 as 'python3 -m awscli' (the machine's Python): ${(e as Error).message.split("\n")[0]}`);
  }
  if (!/^aws-cli\/1\./.test(out.trim())) throw new Error(`'python3 -m awscli' is not AWS CLI v1: ${out.trim()}`);
}
