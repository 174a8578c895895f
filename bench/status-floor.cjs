// The floor under status's scale figures (bench/scale.sh): what any program pays to read a
// generated config and credentials file and print status's rows for them, checking nothing. Not
// awsmfa: one regular expression that knows the bench's own config shape, and status's row text
// with a fixed session line (which is the same for every row, and made once by status too).
const fs = require("node:fs");
const config = fs.readFileSync(process.env.AWS_CONFIG_FILE, "utf8");
const creds = fs.readFileSync(process.env.AWS_SHARED_CREDENTIALS_FILE, "utf8");
const key = creds.startsWith("[demo-long-term]\n") ? "credentials [demo-long-term]" : "missing";
const session = "valid until 2026-11-26 17:55 +00:00 (11h 57m left)";
const header = /^\[profile ([^\]\n]+)\]\n(?:mfa_serial = ([^\n]*)|role_arn = ([^\n]*)\nsource_profile = ([^\n]*))/gm;
const rows = [];
let serial = "";
// What the role rows of one source share, made once (as status does): a row is then two strings.
let src, tail;
for (let m = header.exec(config); m; m = header.exec(config)) {
  if (m[2] !== undefined) {
    serial = m[2];
    rows.push(`${m[1]}\n  mfa_serial: ${serial}\n  key:        ${key}\n  mode:       file\n  session:    ${session}\n`);
    continue;
  }
  if (m[4] !== src) {
    src = m[4];
    tail =
      `  mfa_serial: ${serial} (of ${src})\n  key:        ${key}\n` +
      `  mode:       file (of ${src}; the AWS CLI assumes the role itself)\n  session:    ${session} (${src}'s MFA session)\n  role session: none\n`;
  }
  rows.push(m[1] + "\n  role:       " + m[3] + " (assumed from " + src + ")\n" + tail);
}
process.stdout.write(rows.join(""));
