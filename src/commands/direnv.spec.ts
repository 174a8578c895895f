import { defineCommand } from "./spec.js";

export const spec = defineCommand({
  name: "direnv",
  summary: "print a direnvrc snippet defining `use awsmfa`",
  usage: ["direnv"],
  description: `Install once:
  awsmfa direnv >> ~/.config/direnv/direnvrc

Then in a project's .envrc:
  use awsmfa PROFILE                  exports AWS_PROFILE, AWS_DEFAULT_PROFILE and AWSMFA_PROFILE
  use awsmfa PROFILE --credentials    exports the session's keys instead (for tools that do not
                                      read ~/.aws), via 'awsmfa env --no-prompt'

Keys are exported only while they are valid. In a session's last 15 minutes they still are, and a
notice says when they end; with no valid session none are exported and a one-line notice says to
run 'awsmfa login'. direnv loads again by itself when 'awsmfa login' (or a refresh) rewrites the
session, but not on a clock: keys it exported earlier end at AWS_CREDENTIAL_EXPIRATION, and then
'awsmfa login' brings new ones. The profile form never goes stale in process mode ('awsmfa
configure --mode process'): the AWS CLI asks awsmfa for keys on every call. Nothing prompts
inside direnv.`,
  flags: {},
  exitCodes: [],
  examples: ["awsmfa direnv >> ~/.config/direnv/direnvrc", "echo 'use awsmfa work' > .envrc && direnv allow"],
});
