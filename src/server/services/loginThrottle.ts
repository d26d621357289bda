/**
 * Slows down password guessing: after too many failed sign-ins for one email from one address,
 * or from one address across all emails, further attempts are refused until the window passes.
 * Counts live in memory, per server process: a restart forgets them, and several processes
 * behind a load balancer each count on their own (put a shared limiter in front if that matters).
 */
export interface ThrottleOptions {
  /** Failed attempts allowed per email and address within the window. */
  maxPerAccount: number;
  /** Failed attempts allowed per address, whatever the email, within the window. */
  maxPerAddress: number;
  windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = { maxPerAccount: 5, maxPerAddress: 50, windowMs: 15 * 60_000 };

export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly options: ThrottleOptions = DEFAULT_THROTTLE,
    private readonly now: () => number = Date.now,
  ) {}

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const kept = (this.failures.get(key) ?? []).filter((t) => t > since);
    if (kept.length) this.failures.set(key, kept);
    else this.failures.delete(key);
    return kept;
  }

  private keys(address: string, email: string): { account: string; address: string } {
    return { account: `acct:${address}|${email.trim().toLowerCase()}`, address: `addr:${address}` };
  }

  /** Seconds until another attempt is allowed, or 0 when it is allowed now. */
  retryAfter(address: string, email: string): number {
    const k = this.keys(address, email);
    const checks: Array<[string, number]> = [
      [k.account, this.options.maxPerAccount],
      [k.address, this.options.maxPerAddress],
    ];
    let wait = 0;
    for (const [key, max] of checks) {
      const times = this.recent(key);
      if (times.length >= max) {
        const oldest = times[times.length - max]!;
        wait = Math.max(wait, Math.ceil((oldest + this.options.windowMs - this.now()) / 1000));
      }
    }
    return wait;
  }

  fail(address: string, email: string): void {
    const k = this.keys(address, email);
    for (const key of [k.account, k.address]) this.failures.set(key, [...this.recent(key), this.now()]);
  }

  /** A successful sign-in clears the account's count (not the address's). */
  succeed(address: string, email: string): void {
    this.failures.delete(this.keys(address, email).account);
  }
}
