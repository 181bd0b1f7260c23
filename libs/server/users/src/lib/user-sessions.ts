import type { EntityManager } from 'typeorm';

/** Why sessions ended, kept in `sessions.revoked_reason`. */
export type SessionEndReason = 'sign_out' | 'refresh_token_reused' | 'password_changed' | 'user_changed';

/**
 * Ends sessions at once: their access tokens are refused from the next request on (the guard checks the session on
 * every request), their refresh tokens too, and every API process closes their open notification streams when the
 * transaction commits (a trigger NOTIFYs `tiendo_sessions`). The one place that revokes, whoever asks: sign-out and
 * a reused refresh token end one session; a password change or reset, deactivation and a role or unit change end
 * all of a user's. Answers the ids of the sessions ended now (none when they had ended already).
 */
export async function revokeSessions(
  manager: EntityManager,
  target: { sessionId: string } | { userId: string },
  reason: SessionEndReason,
  at?: Date,
): Promise<string[]> {
  const column = 'sessionId' in target ? 'id' : 'user_id';
  const rows: Array<{ id: string }> = await manager.query(
    `UPDATE sessions SET revoked_at = coalesce($2::timestamptz, now()), revoked_reason = $3
      WHERE ${column} = $1 AND revoked_at IS NULL RETURNING id`,
    ['sessionId' in target ? target.sessionId : target.userId, at ?? null, reason],
  );
  return rows.map((r) => r.id);
}
