/**
 * What the demo created, undone last-first. Each undo is registered BEFORE the thing is
 * created (removing something that is not there is fine), so an interruption at any point
 * leaves nothing behind. Every undo is tried; failures are collected, not thrown.
 */
export class CleanupStack {
  private readonly undo: Array<{ what: string; fn: () => Promise<void> | void }> = [];

  push(what: string, fn: () => Promise<void> | void): void {
    this.undo.push({ what, fn });
  }

  /** Run every undo, last first; returns the failures. Idempotent: each runs once. */
  async runAll(): Promise<string[]> {
    const failures: string[] = [];
    while (this.undo.length > 0) {
      const u = this.undo.pop()!;
      try {
        await u.fn();
      } catch (e) {
        failures.push(`${u.what}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return failures;
  }
}
