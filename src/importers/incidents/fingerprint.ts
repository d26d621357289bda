import crypto from 'node:crypto';
import { contentSignature, type IncidentContentFields } from '../../core/incidentRecord';

/**
 * The fingerprint stored with an incident (`content_hash`): an MD5 of its content signature. It
 * only tells a changed row from an unchanged one under the same native key, so speed matters more
 * than collision resistance; Node's one-shot hash does a million rows in a couple of seconds.
 */
export function incidentFingerprint(content: IncidentContentFields): string {
  return crypto.hash('md5', contentSignature(content), 'base64url');
}
