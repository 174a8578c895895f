import { PROFILE_FLAG } from "./common-flags.js";
import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "configure",
  summary: "switch a profile between file and process mode",
  usage: ["configure --profile P --mode process|file [--command CMD]"],
  description: `process  writes credential_process into [profile P] of ~/.aws/config, so the AWS CLI and SDKs
         ask awsmfa for a session whenever they need one (renewing it on demand). The line
         names absolute paths, because credential_process expands neither ~ nor variables.
         Static keys in [P] of the credentials file would beat credential_process, so a session
         awsmfa wrote there is removed; a long-term key there is refused.
file     removes that credential_process line; 'awsmfa login' writes sessions to [P] again.

For a role profile (role_arn + source_profile = S) the switch is made on S: the AWS CLI and the
SDKs assume the role themselves from S, and ignore credential_process in a profile that has
role_arn. So '--profile ROLE --mode process' writes credential_process into [profile S], and the
role then renews on demand through S's MFA session.`,
  flags: {
    profile: PROFILE_FLAG,
    mode: { type: "string", value: "M", description: "process or file", complete: ["process", "file"] },
    command: { type: "string", value: "CMD", description: "the awsmfa command to write (default: the absolute path of the awsmfa on PATH if it is this one, else this node and this awsmfa's script)" },
  },
  exitCodes: [3],
  examples: [
    "awsmfa configure --profile work --mode process",
    "awsmfa configure --profile work --mode process --command awsmfa",
    "awsmfa configure --profile work --mode file",
  ],
});
