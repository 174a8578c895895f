// How a word is written into a credential_process line (pure).

/**
 * Quotes a word for credential_process, which two different parsers read: the AWS CLI (botocore's
 * compat_shell_split: shlex.split on POSIX, its own MS-C-runtime-style splitter on Windows) and the
 * JS SDK (child_process.exec: /bin/sh -c on POSIX, cmd.exe on Windows). On POSIX only single quotes
 * mean the same to shlex and sh (inside double quotes shlex keeps the backslash of \$ and sh does
 * not); a ' inside is written '\''. On Windows only double quotes quote (paths cannot hold a ").
 */
export function quoteArg(arg: string, platform: NodeJS.Platform = "linux"): string {
  if (/^[A-Za-z0-9_./:@%+=,-]+$/.test(arg)) return arg;
  return platform === "win32" ? `"${arg}"` : `'${arg.replace(/'/g, "'\\''")}'`;
}
