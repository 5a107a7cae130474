/**
 * The memory of signed requests already accepted, so that a state-changing request is accepted once.
 *
 * HubSpot's v3 signature has no nonce: the same signed bytes stay valid for the whole 5-minute timestamp window. A
 * signature is remembered (per portal) until its timestamp leaves that window; after that the signature check refuses
 * it anyway. What is remembered is a SHA-256 digest of the signature's decoded bytes, never the header text: base64
 * decoding is lenient (padding, the URL-safe alphabet), so two spellings of one signature are one request.
 *
 * Two memories:
 * - `rememberInMemory`: one process, bounded (a cap per portal; full → the request is refused, never forgotten early).
 * - `rememberInStore`: every instance sharing the store sees the same records (one `INSERT … ON CONFLICT` decides a
 *   race); a small in-process cache in front answers repeated replays without a store call.
 */
import crypto from 'node:crypto';
import type { Store } from '../store/store';

export type ClaimOutcome = 'claimed' | 'replayed' | 'full';

export interface SeenSignatures {
  /** Records the request; `replayed` when it was already accepted and its record is still live at `now`. */
  claim(portalId: string, digest: string, expiresAt: number, now: number): Promise<ClaimOutcome>;
  /** Forgets a claimed request (it failed on our side, so the same request may be sent again). */
  release(portalId: string, digest: string): Promise<void>;
}

/** The digest that identifies a signed request: SHA-256 of the signature's bytes (hex). */
export function signatureDigest(signatureBytes: Buffer): string {
  return crypto.createHash('sha256').update(signatureBytes).digest('hex');
}

/**
 * A signature lives at most 10 minutes (timestamps up to 5 minutes in the future are accepted, and each is
 * remembered until 5 minutes after its timestamp). At the default 600 signed requests per portal per minute that is
 * at most 6,000 records per portal: the default cap leaves room for that.
 */
export const DEFAULT_SIGNATURES_PER_PORTAL = 10_000;
/** Portals remembered at once (an installation serves one; the bound keeps a bug from growing memory). */
const MAX_PORTALS = 100;

export interface MemoryOptions {
  /** Records kept per portal (default 10,000). */
  capacityPerPortal?: number;
  /**
   * What to do when a portal's records are all live and the cap is reached: `refuse` the new request (the only safe
   * choice when memory is the only record), or `forget-oldest` (when a store behind it holds every record).
   */
  whenFull?: 'refuse' | 'forget-oldest';
}

class MemorySignatures implements SeenSignatures {
  /** portal → (digest → expiresAt); a Map keeps insertion order, so the first entry is the oldest. */
  private readonly portals = new Map<string, Map<string, number>>();
  private readonly capacity: number;
  private readonly whenFull: 'refuse' | 'forget-oldest';

  constructor(options: MemoryOptions) {
    this.capacity = Math.max(1, options.capacityPerPortal ?? DEFAULT_SIGNATURES_PER_PORTAL);
    this.whenFull = options.whenFull ?? 'refuse';
  }

  /** True when the portal holds a live record of the digest. */
  has(portalId: string, digest: string, now: number): boolean {
    const expiresAt = this.portals.get(portalId)?.get(digest);
    return expiresAt !== undefined && expiresAt >= now;
  }

  async claim(portalId: string, digest: string, expiresAt: number, now: number): Promise<ClaimOutcome> {
    if (this.has(portalId, digest, now)) return 'replayed';
    const seen = this.portalMap(portalId);
    seen.delete(digest);
    if (seen.size >= this.capacity) {
      for (const [d, until] of seen) if (until < now) seen.delete(d);
    }
    if (seen.size >= this.capacity) {
      if (this.whenFull === 'refuse') return 'full';
      const oldest = seen.keys().next();
      if (!oldest.done) seen.delete(oldest.value);
    }
    seen.set(digest, expiresAt);
    return 'claimed';
  }

  async release(portalId: string, digest: string): Promise<void> {
    this.portals.get(portalId)?.delete(digest);
  }

  /** Records held for a portal (for tests and metrics). */
  size(portalId: string): number {
    return this.portals.get(portalId)?.size ?? 0;
  }

  private portalMap(portalId: string): Map<string, number> {
    let seen = this.portals.get(portalId);
    if (!seen) {
      if (this.portals.size >= MAX_PORTALS) {
        const oldest = this.portals.keys().next();
        if (!oldest.done) this.portals.delete(oldest.value);
      }
      seen = new Map();
      this.portals.set(portalId, seen);
    }
    return seen;
  }
}

export function rememberInMemory(options: MemoryOptions = {}): SeenSignatures & {
  size(portalId: string): number;
} {
  return new MemorySignatures(options);
}

/** How often an instance deletes expired records from the store, and how long past expiry it keeps them. */
const PURGE_EVERY_MS = 60_000;
/** Kept a minute past expiry, so an instance whose clock runs ahead does not purge what another still needs. */
const PURGE_GRACE_MS = 60_000;

export function rememberInStore(store: Store, options: { cacheCapacityPerPortal?: number } = {}): SeenSignatures {
  const cache = new MemorySignatures({
    capacityPerPortal: options.cacheCapacityPerPortal ?? DEFAULT_SIGNATURES_PER_PORTAL,
    whenFull: 'forget-oldest',
  });
  let nextPurgeAt = 0;
  return {
    async claim(portalId, digest, expiresAt, now) {
      if (cache.has(portalId, digest, now)) return 'replayed';
      if (now >= nextPurgeAt) {
        nextPurgeAt = now + PURGE_EVERY_MS;
        await store.purgeSignatures(now - PURGE_GRACE_MS);
      }
      if (!(await store.claimSignature(portalId, digest, expiresAt, now))) return 'replayed';
      await cache.claim(portalId, digest, expiresAt, now);
      return 'claimed';
    },
    async release(portalId, digest) {
      await cache.release(portalId, digest);
      await store.releaseSignature(portalId, digest);
    },
  };
}
