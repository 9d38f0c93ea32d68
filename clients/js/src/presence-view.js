/**
 * The view of an opType's members that a presence watcher gets (docs/PROTOCOL.md §18): built from
 * the server's snapshot, then a new view per `join` or `leave` applied to it. Views are values: each
 * has a Map of its own, so that one the app kept does not change under it.
 */

/** A view from a snapshot: its members by user (in the server's order, by user id) and counts. */
export function snapshotView(frame) {
  const members = new Map();
  let listed = 0;
  for (const member of Array.isArray(frame.members) ? frame.members : []) {
    if (member !== null && typeof member === 'object' && typeof member.user === 'string') {
      const sessions = count(member.sessions, 1);
      members.set(member.user, sessions);
      listed += sessions;
    }
  }
  return {
    opType: frame.opType,
    members,
    users: count(frame.users, members.size),
    sessions: count(frame.sessions, listed),
    complete: frame.complete !== false,
    change: { type: 'snapshot' },
  };
}

/**
 * `user` joined with `sessions` sessions. Each view has a Map of its own, still ordered by user
 * id, so that one the app kept does not change under it. A user already listed (no such join is
 * sent, but a node that came back may repeat one) keeps its place, with the new count.
 */
export function joinedView(view, user, sessions) {
  const known = view.members.get(user);
  const members = new Map();
  let placed = false;
  for (const [each, held] of view.members) {
    if (!placed && each >= user) {
      members.set(user, sessions);
      placed = true;
    }
    if (each !== user) {
      members.set(each, held);
    }
  }
  if (!placed) {
    members.set(user, sessions);
  }
  return {
    ...view,
    members,
    users: known === undefined ? view.users + 1 : view.users,
    sessions: Math.max(0, view.sessions - (known ?? 0) + sessions),
    change: { type: 'join', user, sessions },
  };
}

/**
 * `user` left. Its sessions are taken off the count when it was listed; an unlisted user of an
 * incomplete list was counted all the same, so it is taken off the users, but its session count
 * is unknown (the Java client does the same). A user unknown to a complete list changes nothing:
 * the counts already leave it out.
 */
export function leftView(view, user) {
  const known = view.members.get(user);
  const members = new Map(view.members);
  members.delete(user);
  let { users, sessions } = view;
  if (known !== undefined) {
    users -= 1;
    sessions -= known;
  } else if (!view.complete) {
    users -= 1;
  }
  return { ...view, members, users: Math.max(0, users), sessions: Math.max(0, sessions), change: { type: 'leave', user } };
}

/** A non-negative whole count from the server, or `fallback`. */
export function count(value, fallback) {
  return Number.isInteger(value) && value >= 0 ? value : fallback;
}
