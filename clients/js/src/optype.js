/**
 * opType rules of protocol v1 (docs/PROTOCOL.md §5), checked locally so that an app learns about a
 * malformed opType at once, with a message, instead of from an error frame later.
 */

const SEGMENT = /^[A-Za-z0-9_:-]+$/;

/** The server's default `maxOpTypeLength`. */
export const MAX_OP_TYPE_LENGTH = 128;

/**
 * Why `opType` is not acceptable, or `null` when it is.
 * @param {unknown} opType
 * @param {boolean} patternAllowed whether whole `*` / `#` segments may appear (subscriptions only)
 * @param {number} [maxLength] the server's `maxOpTypeLength` (from `welcome`)
 * @returns {string | null}
 */
export function opTypeProblem(opType, patternAllowed, maxLength = MAX_OP_TYPE_LENGTH) {
  if (typeof opType !== 'string' || opType.length === 0) {
    return 'opType must be a non-empty string';
  }
  if (opType.length > maxLength) {
    return `opType is longer than ${maxLength} characters`;
  }
  for (const segment of opType.split('.')) {
    if (segment === '') {
      return `opType '${opType}' has an empty segment (leading, trailing or double '.')`;
    }
    if (segment === '*' || segment === '#') {
      if (!patternAllowed) {
        return `opType '${opType}' contains a wildcard; messages and calls need an exact opType`;
      }
    } else if (!SEGMENT.test(segment)) {
      return `opType '${opType}' has a segment with characters other than A-Z a-z 0-9 _ - :`;
    }
  }
  return null;
}

/** Whether `opType` is a pattern (has a whole `*` or `#` segment). */
export function isPattern(opType) {
  return opType.split('.').some((segment) => segment === '*' || segment === '#');
}

/**
 * Whether the exact opType `opType` matches `pattern` (`*` is one segment, `#` zero or more;
 * a pattern without wildcards matches only itself).
 */
export function matches(pattern, opType) {
  if (pattern === opType) {
    return true;
  }
  if (!isPattern(pattern)) {
    return false;
  }
  return matchFrom(pattern.split('.'), 0, opType.split('.'), 0);
}

function matchFrom(pattern, p, segments, s) {
  while (p < pattern.length) {
    const part = pattern[p];
    if (part === '#') {
      // '#' takes zero or more segments: try every split, shortest first.
      for (let taken = s; taken <= segments.length; taken++) {
        if (matchFrom(pattern, p + 1, segments, taken)) {
          return true;
        }
      }
      return false;
    }
    if (s >= segments.length || (part !== '*' && part !== segments[s])) {
      return false;
    }
    p++;
    s++;
  }
  return s === segments.length;
}
