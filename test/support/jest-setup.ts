// Loaded by jest before every test file (jest.config.js `setupFiles`); never by the program or the commands.
import * as debuggable from "@pulumi/pulumi/runtime/debuggable";

import { installFramelessDebugStacks } from "./frameless-debug-stacks";

installFramelessDebugStacks(debuggable);
