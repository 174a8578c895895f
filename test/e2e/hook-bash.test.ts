import { describe } from "vitest";
import { hookScenario } from "../helpers/hook-scenario.js";

describe("awsmfa hook bash (real interactive bash in tmux)", () => hookScenario("bash"));
