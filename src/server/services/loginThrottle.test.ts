import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './loginThrottle';

describe('LoginThrottle', () => {
  const setup = () => {
    let clock = 1_000_000;
    const throttle = new LoginThrottle({ maxPerAccount: 3, maxPerAddress: 5, windowMs: 60_000 }, () => clock);
    return { throttle, advance: (ms: number) => (clock += ms) };
  };

  it('allows attempts until the account limit, then asks to wait until the oldest failure leaves the window', () => {
    const { throttle, advance } = setup();
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfter('10.0.0.1', 'a@example.org')).toBe(0);
      throttle.fail('10.0.0.1', 'a@example.org');
      advance(10_000);
    }
    expect(throttle.retryAfter('10.0.0.1', 'A@Example.org')).toBe(30);
    // Another address guessing the same account is counted separately.
    expect(throttle.retryAfter('10.0.0.2', 'a@example.org')).toBe(0);
    advance(30_000);
    expect(throttle.retryAfter('10.0.0.1', 'a@example.org')).toBe(0);
  });

  it('limits one address spraying many emails', () => {
    const { throttle } = setup();
    for (let i = 0; i < 5; i++) throttle.fail('10.0.0.9', `user${i}@example.org`);
    expect(throttle.retryAfter('10.0.0.9', 'fresh@example.org')).toBeGreaterThan(0);
  });

  it('forgets an account\'s failures after a successful sign-in', () => {
    const { throttle } = setup();
    for (let i = 0; i < 3; i++) throttle.fail('10.0.0.1', 'a@example.org');
    throttle.succeed('10.0.0.1', 'a@example.org');
    expect(throttle.retryAfter('10.0.0.1', 'a@example.org')).toBe(0);
  });
});
