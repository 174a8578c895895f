import { describe } from "vitest";
import { hookScenario } from "../helpers/hook-scenario.js";

describe("awsmfa hook zsh (real interactive zsh in tmux)", () => hookScenario("zsh"));
