import { describe } from "vitest";
import { hookScenario } from "../helpers/hook-scenario.js";

describe("awsmfa hook fish (real interactive fish in tmux)", () => hookScenario("fish"));
