// Tests run the ports in-process (and in child processes) without src/cli.ts: install the same
// process facts the entry installs. vitest loads this first for every test file (setupFiles).
import { installHost } from "../../src/ports/host.js";
import { processHost } from "../../src/process-host.js";

installHost(processHost());
// Messages render through the catalogue renderer, as main.ts installs it in the product.
import "../../src/i18n/index.js";
