// Loaded by jest before every test file (jest.config.js `setupFiles`); never by the program or the commands.
// The module object itself, not a namespace copy of it: the SDK calls debuggablePromise through this object.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- an ES namespace import would be a copy
import debuggable = require("@pulumi/pulumi/runtime/debuggable");

import { installFramelessDebugStacks } from "./frameless-debug-stacks";

installFramelessDebugStacks(debuggable);
