import type { Config } from 'jest';
import { getJestProjectsAsync } from '@nx/jest';

export default async (): Promise<Config> => ({
  projects: await getJestProjectsAsync(),
  // npm test runs the two time zones' unit runs side by side on two cores: CPU-bound tests (the password policy
  // judges dozens of passwords with zxcvbn) took past Jest's default 5 s there. A test's time is not what a unit test
  // checks (speed lives in the benchmarks); this bound only catches a test that never ends.
  testTimeout: 30_000,
});
