import { access, chown, close, fchmod, fchown, fsync, link, lstat, mkdir, open, readdir, readFile, readlink, realpath, rename, rm, stat, unlink, utimes, write, writeFile } from "node:fs";

// The promise forms of the file calls the writers make (atomic writes, locks, the session cache,
// trust records), from fs's callback API: the same system calls, without node:fs/promises, which
// costs a process 17–24 M instructions to load (4–6 ms, readline's internals come with it). Every
// cold credential-process, login and edit paid that, and a burst of cold AWS CLI calls waits on
// the one process that refreshes. Made on first use, with named imports: the shell hook loads
// these modules only to read, and promisifying at load (with node:util, and a namespace copy of
// node:fs for `import * as`) cost its every run 3.5 M instructions (2.5 %).
let made: ReturnType<typeof make> | undefined;
export const afs = () => (made ??= make());

function make() {
  const { promisify } = require("node:util") as typeof import("node:util");
  return {
    access: promisify(access),
    chown: promisify(chown),
    close: promisify(close),
    fchmod: promisify(fchmod),
    fchown: promisify(fchown),
    fsync: promisify(fsync),
    link: promisify(link),
    lstat: promisify(lstat),
    mkdir: promisify(mkdir),
    open: promisify(open),
    readdir: promisify(readdir),
    readFile: promisify(readFile),
    readlink: promisify(readlink),
    realpath: promisify(realpath),
    rename: promisify(rename),
    rm: promisify(rm),
    stat: promisify(stat),
    unlink: promisify(unlink),
    utimes: promisify(utimes),
    write: promisify(write),
    writeFile: promisify(writeFile),
  };
}
