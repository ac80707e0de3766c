/** The conformance checks as vitest tests: one `it` per check, grouped as in the suite. */
import { describe, it } from 'vitest';
import { type CheckProfile, type ConformanceTarget, conformanceChecks } from './checks.ts';

/** Defines the suite for `target` under `describe(name)`; `profile: 'openai'` leaves Earshot's checks out. */
export function defineConformanceSuite(
  name: string,
  target: ConformanceTarget,
  profile: CheckProfile = 'earshot',
): void {
  describe(name, () => {
    const groups = new Map<string, ReturnType<typeof conformanceChecks>>();
    for (const check of conformanceChecks(target)) {
      if (profile === 'openai' && check.profile === 'earshot') continue;
      groups.set(check.group, [...(groups.get(check.group) ?? []), check]);
    }
    for (const [group, checks] of groups) {
      describe(group, () => {
        for (const check of checks) {
          if (check.skip !== undefined) it.skip(`${check.title} (${check.skip})`, () => {});
          else it(check.title, () => check.run());
        }
      });
    }
  });
}

export type { Clip, ConformanceTarget } from './checks.ts';
