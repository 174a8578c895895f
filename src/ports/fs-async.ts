import * as fs from "node:fs";
import { promisify } from "node:util";

// The promise forms of the file calls the writers make (atomic writes, locks, the session cache,
// trust records), from fs's callback API: the same system calls, without node:fs/promises, which
// costs a process 17–24 M instructions to load (4–6 ms, readline's internals come with it). Every
// cold credential-process, login and edit paid that, and a burst of cold AWS CLI calls waits on
// the one process that refreshes.
export const afs = {
  access: promisify(fs.access),
  chown: promisify(fs.chown),
  close: promisify(fs.close),
  fchmod: promisify(fs.fchmod),
  fchown: promisify(fs.fchown),
  fsync: promisify(fs.fsync),
  link: promisify(fs.link),
  lstat: promisify(fs.lstat),
  mkdir: promisify(fs.mkdir),
  open: promisify(fs.open),
  readdir: promisify(fs.readdir),
  readFile: promisify(fs.readFile),
  readlink: promisify(fs.readlink),
  realpath: promisify(fs.realpath),
  rename: promisify(fs.rename),
  rm: promisify(fs.rm),
  stat: promisify(fs.stat),
  unlink: promisify(fs.unlink),
  utimes: promisify(fs.utimes),
  write: promisify(fs.write),
  writeFile: promisify(fs.writeFile),
};
