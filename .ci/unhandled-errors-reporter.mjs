// A vitest reporter for .ci/run: how many unhandled errors the run caught (an error thrown outside any test, a
// rejection nobody awaited), which vitest's JSON report leaves out; written to $VITEST_UNHANDLED_ERRORS_FILE.
import { writeFileSync } from 'node:fs';

export default class UnhandledErrorsReporter {
  onTestRunEnd(_testModules, unhandledErrors) {
    const file = process.env.VITEST_UNHANDLED_ERRORS_FILE;
    if (file) writeFileSync(file, String(unhandledErrors.length));
  }
}
