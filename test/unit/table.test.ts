import { expect, it } from "vitest";
import { alignColumns } from "../../src/core/table.js";

it.each([
  [[], []],
  [[["a"]], ["a"]],
  [
    [
      ["*", "arn:aws:iam::123456789012:mfa/alice", "virtual", "2026-01-02T03:04:05Z"],
      [" ", "GAHT12345678", "hardware", "-"],
    ],
    ["*  arn:aws:iam::123456789012:mfa/alice  virtual   2026-01-02T03:04:05Z", "   GAHT12345678                         hardware  -"],
  ],
  // The last column is never padded, and an empty last cell leaves no trailing spaces.
  [
    [
      ["x", "long cell", ""],
      ["yy", "s", "end"],
    ],
    ["x   long cell", "yy  s          end"],
  ],
])("%j", (rows, want) => {
  expect(alignColumns(rows)).toEqual(want);
});
